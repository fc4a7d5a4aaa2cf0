/// Serialises a response head and body into the bytes written to the socket.
enum ResponseEncoder {
    /// Headers the server owns; a handler's own values for them are ignored.
    private static func isServerOwned(_ name: String) -> Bool {
        asciiCaseInsensitiveEquals(name, "content-length") || asciiCaseInsensitiveEquals(name, "connection")
            || asciiCaseInsensitiveEquals(name, "date") || asciiCaseInsensitiveEquals(name, "transfer-encoding")
    }

    /// A field whose name or value could break the response framing (CR, LF, NUL) is dropped, not sent.
    private static func isSafe(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    static func encode(_ response: HTTPResponse, omitBody: Bool, keepAlive: Bool, dateLine: [UInt8]) -> [UInt8] {
        let status = response.status
        // 204 and 304 carry no body and, for 204, no Content-Length (RFC 9110 §8.6).
        let bodyless = status.code == 204 || status.code == 304 || status.code < 200
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160 + (omitBody || bodyless ? 0 : response.body.count))
        bytes.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status.code, to: &bytes)
        bytes.append(0x20)
        bytes.append(contentsOf: status.reason.utf8)
        bytes.append(contentsOf: "\r\n".utf8)
        for (name, value) in response.headers where !isServerOwned(name) && isSafe(name) && isSafe(value) {
            bytes.append(contentsOf: name.utf8)
            bytes.append(contentsOf: ": ".utf8)
            bytes.append(contentsOf: value.utf8)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        bytes.append(contentsOf: dateLine)
        if status.code != 204 && status.code >= 200 {
            bytes.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(bodyless ? 0 : response.body.count, to: &bytes)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        bytes.append(contentsOf: keepAlive ? "Connection: keep-alive\r\n\r\n".utf8 : "Connection: close\r\n\r\n".utf8)
        if !omitBody && !bodyless {
            bytes.append(contentsOf: response.body)
        }
        return bytes
    }

    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        guard value > 0 else {
            bytes.append(0x30)
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var remaining = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while remaining > 0 {
                raw[count] = UInt8(remaining % 10) + 0x30
                remaining /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) {
                bytes.append(raw[index])
            }
        }
    }

    /// The interim response that tells a client waiting on `Expect: 100-continue` to send its body.
    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}

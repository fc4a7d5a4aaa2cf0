/// request-line = method SP request-target SP HTTP-version (RFC 9112 §3), exactly one space each.
struct RequestLine {
    let method: HTTPMethod
    let target: String
    let isHTTP11: Bool

    init(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int) throws(RequestRejection) {
        guard let firstSpace = indexOfSpace(buffer, from: start, end: end), firstSpace > start else {
            throw .malformedRequestLine
        }
        for index in start..<firstSpace where !ByteClass.isTokenChar(buffer[index]) {
            throw .invalidMethod
        }
        let targetStart = firstSpace + 1
        guard let secondSpace = indexOfSpace(buffer, from: targetStart, end: end), secondSpace > targetStart else {
            throw .malformedRequestLine
        }
        for index in targetStart..<secondSpace where !ByteClass.isTargetChar(buffer[index]) {
            throw .invalidTarget
        }
        let method = HTTPMethod(bytes: UnsafeBufferPointer(rebasing: buffer[start..<firstSpace]))
        let target = String(decoding: UnsafeBufferPointer(rebasing: buffer[targetStart..<secondSpace]), as: UTF8.self)
        try Self.validateTargetForm(target, method: method)

        let version = UnsafeBufferPointer(rebasing: buffer[(secondSpace + 1)..<end])
        isHTTP11 = try Self.parseVersion(version)
        self.method = method
        self.target = target
    }

    /// origin-form, absolute-form (http/https) or `*` for OPTIONS; authority-form (CONNECT) is not served.
    private static func validateTargetForm(_ target: String, method: HTTPMethod) throws(RequestRejection) {
        if target.hasPrefix("/") { return }
        if target == "*" && method == .options { return }
        let lowered = target.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") { return }
        throw .invalidTarget
    }

    /// HTTP/1.1 and HTTP/1.0 are served; other well-formed versions get 505, anything else 400.
    private static func parseVersion(_ version: UnsafeBufferPointer<UInt8>) throws(RequestRejection) -> Bool {
        guard version.count == 8,
              version[0] == 0x48, version[1] == 0x54, version[2] == 0x54, version[3] == 0x50, version[4] == 0x2F,
              version[6] == 0x2E,
              (0x30...0x39).contains(version[5]), (0x30...0x39).contains(version[7])
        else { throw .invalidVersion }
        guard version[5] == 0x31, version[7] == 0x31 || version[7] == 0x30 else {
            throw .unsupportedVersion
        }
        return version[7] == 0x31
    }
}

private func indexOfSpace(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int? {
    var index = start
    while index < end {
        if buffer[index] == ByteClass.space { return index }
        index += 1
    }
    return nil
}

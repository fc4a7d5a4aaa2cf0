/// Checks on what the caller hands to libcurl verbatim. libcurl writes methods, header lines and multipart
/// part headers as given, so a CR or LF smuggled into any of them would inject headers or requests.
enum RequestValidation {
    static func validate(_ request: HTTPClientRequest) throws {
        try validateURL(request.url)
        if let address = request.connectAddress, ConnectAddress(address) == nil {
            throw HTTPClientError.invalidRequest("connectAddress is not an IP address")
        }
        guard isToken(request.method) else { throw HTTPClientError.invalidRequest("method is not an HTTP token") }
        for (name, value) in request.headers {
            guard isToken(name) else { throw HTTPClientError.invalidRequest("header name is not an HTTP token") }
            guard isFieldValue(value) else {
                throw HTTPClientError.invalidRequest("value of header \(name) contains control characters")
            }
        }
        if case .multipart(let parts) = request.body {
            for part in parts {
                guard !part.name.isEmpty, isFieldValue(part.name) else {
                    throw HTTPClientError.invalidRequest("multipart part name is empty or contains control characters")
                }
                guard isFieldValue(part.filename ?? ""), isFieldValue(part.contentType ?? "") else {
                    throw HTTPClientError.invalidRequest("multipart part \(part.name) has control characters in its headers")
                }
            }
        }
    }

    /// Only absolute http and https URLs: libcurl would otherwise guess a scheme for "host/path".
    private static func validateURL(_ url: String) throws {
        let lowercased = url.lowercased()
        guard lowercased.hasPrefix("http://") || lowercased.hasPrefix("https://") else {
            throw HTTPClientError.invalidURL("scheme must be http or https")
        }
        guard url.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw HTTPClientError.invalidURL("contains whitespace or control characters")
        }
    }

    /// RFC 9110 §5.6.2 token.
    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default:
                "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }

    /// RFC 9110 §5.5 field value: visible characters, spaces, tabs and non-ASCII bytes; no other controls.
    private static func isFieldValue(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == UInt8(ascii: "\t") || ($0 >= 0x20 && $0 != 0x7F) }
    }
}

/// Why a request failed. `connect` means the request was certainly not sent, so even a non-idempotent call
/// may be retried; after `timeout` or `transport` the server may or may not have acted on it.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is malformed or not http/https. Carries a reason, never the URL (it may hold a token).
    case invalidURL(String)
    /// The method, a header or a multipart part contains characters that cannot be sent safely.
    case invalidRequest(String)
    /// The total timeout elapsed after the request had started being sent.
    case timeout
    /// Resolving, connecting or the TLS handshake failed or timed out; nothing was sent.
    case connect(String)
    /// Certificate verification or TLS negotiation failed.
    case tls(String)
    /// The response body is larger than `limit` bytes (declared or actually received).
    case tooLarge(limit: Int)
    /// A non-2xx status, from `requireSuccess` or `download`; `body` is the (possibly truncated) error body.
    case status(code: Int, body: [UInt8])
    /// Any other failure: the connection dropped, the response was malformed, a local file could not be written.
    case transport(String)

    public var description: String {
        switch self {
        case .invalidURL(let reason): "invalid URL: \(reason)"
        case .invalidRequest(let reason): "invalid request: \(reason)"
        case .timeout: "request timed out"
        case .connect(let reason): "could not connect: \(reason)"
        case .tls(let reason): "TLS failure: \(reason)"
        case .tooLarge(let limit): "response larger than \(limit) bytes"
        case .status(let code, let body): "HTTP status \(code): \(Self.printablePrefix(of: body))"
        case .transport(let reason): "transport failure: \(reason)"
        }
    }

    private static let describedBodyBytes = 200

    /// Enough of an error body to diagnose it in a log line, with control characters neutralised so a
    /// hostile server cannot forge extra log lines.
    private static func printablePrefix(of body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(describedBodyBytes), as: UTF8.self)
        let cleaned = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        return body.count > describedBodyBytes ? cleaned + "…" : cleaned
    }
}

import HTTPClient

/// Why a KIE call failed. KIE reports errors sometimes as an HTTP status and sometimes as HTTP 200 with `code`
/// in the body; both become `.api`, so callers classify one code. Never carries the API key.
public enum KIEError: Error, Sendable, Equatable, CustomStringConvertible {
    /// KIE answered with an error code (401, 402, 422, 429, 433, 455, 500, 501, 505, …) and its message.
    case api(code: Int, message: String)
    /// The request did not complete: connect failure, timeout, dropped connection, oversized answer.
    case transport(HTTPClientError)
    /// KIE answered success but the body was not the documented shape.
    case malformed(String)

    /// KIE's error code for `.api`; nil when KIE gave no answer or an unreadable one.
    public var code: Int? {
        if case .api(let code, _) = self { return code }
        return nil
    }

    public var message: String? {
        if case .api(_, let message) = self { return message }
        return nil
    }

    public var description: String {
        switch self {
        case .api(let code, let message): "KIE error \(code): \(message)"
        case .transport(let error): "KIE unreachable: \(error)"
        case .malformed(let reason): "KIE answer malformed: \(reason)"
        }
    }
}

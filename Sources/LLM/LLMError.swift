import HTTPClient

/// Why a Chat Completions call failed. No case ever carries the API key.
public enum LLMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// HTTP 429 that is not about money: too many requests or tokens for now; retry later or with another key.
    case rateLimited
    /// `insufficient_quota` (HTTP 429 or 403): the account is out of credit; retrying will not help.
    case quotaExhausted
    /// HTTP 401, or a 403 that is not about quota: the key is wrong, revoked or not allowed.
    case unauthorized
    /// Any other 4xx: the request itself was refused (unknown model, bad image, …); carries the API's message.
    case badRequest(String)
    /// HTTP 5xx.
    case server(status: Int)
    /// The request did not complete: connection, timeout, TLS, oversized answer.
    case transport(HTTPClientError)
    /// The answer arrived but is not what was asked for: not JSON, wrong shape, wrong number of prompts.
    case malformed(String)

    public var description: String {
        switch self {
        case .rateLimited: "LLM rate limited"
        case .quotaExhausted: "LLM quota exhausted"
        case .unauthorized: "LLM rejected the API key"
        case .badRequest(let message): "LLM refused the request: \(message)"
        case .server(let status): "LLM server error (HTTP \(status))"
        case .transport(let error): "LLM unreachable: \(error)"
        case .malformed(let reason): "LLM answer unusable: \(reason)"
        }
    }
}

import LLM

/// What the stand-in can be told to do to upcoming calls instead of answering normally.
public enum OpenAIFault: Sendable, Equatable, CustomStringConvertible {
    /// 429 with code `rate_limit_exceeded`.
    case rateLimited
    /// 429 with type and code `insufficient_quota`.
    case quotaExhausted
    /// 500 `server_error`.
    case serverError
    /// A photo analysis answers this verdict; only photo-analysis calls take it from the queue.
    case verdict(PhotoAnalysis.Verdict)
    /// Waits this long, then answers normally.
    case slow(Duration)
    /// Answers 200 with assistant content that is not the requested JSON.
    case malformedContent

    /// The longest `.slow` the HTTP test API accepts.
    public static let maxDelay: Duration = .seconds(600)

    /// Whether a call of `operation` takes this fault from the queue.
    func applies(to operation: OpenAICallRecord.Operation) -> Bool {
        if case .verdict = self { return operation == .photoAnalysis }
        return true
    }

    /// The name used by the HTTP test API (`"rate_limited"`, `"human_face"`, `"slow"`, …).
    public var name: String {
        switch self {
        case .rateLimited: "rate_limited"
        case .quotaExhausted: "quota_exhausted"
        case .serverError: "server_error"
        case .verdict(.usable): "usable"
        case .verdict(.noProduct): "no_product"
        case .verdict(.humanFace): "human_face"
        case .verdict(.unclear): "unclear"
        case .slow: "slow"
        case .malformedContent: "malformed_content"
        }
    }

    /// The fault a test API name stands for; `delay` is used by `"slow"` only.
    public init?(name: String, delay: Duration = .seconds(5)) {
        switch name {
        case "rate_limited": self = .rateLimited
        case "quota_exhausted": self = .quotaExhausted
        case "server_error": self = .serverError
        case "usable": self = .verdict(.usable)
        case "no_product": self = .verdict(.noProduct)
        case "human_face": self = .verdict(.humanFace)
        case "unclear": self = .verdict(.unclear)
        case "slow": self = .slow(min(max(delay, .zero), Self.maxDelay))
        case "malformed_content": self = .malformedContent
        default: return nil
        }
    }

    public var description: String {
        if case .slow(let delay) = self { return "slow(\(delay))" }
        return name
    }
}

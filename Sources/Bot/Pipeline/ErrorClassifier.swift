import Domain
import HTTPClient
import KIE
import LLM
import Telegram

/// Every external error becomes one `FailureClass`, here and nowhere else; each class has one policy.
enum ErrorClassifier {
    static func classify(_ error: KIEError) -> FailureClass {
        switch error {
        case .api(let code, let message):
            switch code {
            case 429, 433: return .rateLimit
            case 402: return .billing
            case 401, 403, 505: return .config
            case 422:
                return KIEFailure.isContentPolicy(failCode: "422", failMsg: message) ? .userError : .config
            case 500 where isConfigurationMessage(message): return .config
            default: return .temporary
            }
        case .transport, .malformed:
            return .temporary
        }
    }

    /// A task KIE accepted and then failed: a policy reason is the seller's to fix, anything else is retried.
    static func classifyFailedTask(failCode: String?, failMsg: String?) -> FailureClass {
        KIEFailure.isContentPolicy(failCode: failCode, failMsg: failMsg) ? .userError : .temporary
    }

    static func classify(_ error: LLMError) -> FailureClass {
        switch error {
        case .rateLimited: .rateLimit
        case .quotaExhausted: .billing
        case .unauthorized, .badRequest: .config
        case .server, .transport, .malformed: .temporary
        }
    }

    /// Unknown or paused models and missing fields arrive as code 500 with only the text to tell them apart.
    private static func isConfigurationMessage(_ message: String) -> Bool {
        let text = message.lowercased()
        return text.contains("not supported") || text.contains("paused") || text.contains("is required")
    }
}

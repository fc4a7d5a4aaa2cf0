import HTTPClient

/// Why a Bot API call failed: Telegram's own answer, or the road to it.
public enum TelegramError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `{"ok":false,"error_code":…,"description":…,"parameters":{…}}`
    case api(code: Int, description: String, retryAfter: Int?, migrateToChatID: Int64?)
    case transport(HTTPClientError)
    case malformedResponse(status: Int)

    public var description: String {
        switch self {
        case .api(let code, let description, let retryAfter, _):
            "telegram \(code): \(description)" + (retryAfter.map { " (retry after \($0) s)" } ?? "")
        case .transport(let error): "telegram unreachable: \(error)"
        case .malformedResponse(let status): "telegram answered HTTP \(status) with a body that is not a Bot API response"
        }
    }

    /// 403: the user blocked the bot or deleted their account; nothing more can be sent to them.
    public var isRecipientGone: Bool {
        if case .api(403, _, _, _) = self { return true }
        return false
    }
}

/// The envelope of every Bot API answer.
struct TelegramResponse<Result: Decodable>: Decodable {
    var ok: Bool
    var result: Result?
    var errorCode: Int?
    var description: String?
    var parameters: Parameters?

    struct Parameters: Decodable {
        var retryAfter: Int?
        var migrateToChatID: Int64?

        enum CodingKeys: String, CodingKey {
            case retryAfter = "retry_after"
            case migrateToChatID = "migrate_to_chat_id"
        }
    }

    enum CodingKeys: String, CodingKey {
        case ok, result, description, parameters
        case errorCode = "error_code"
    }
}

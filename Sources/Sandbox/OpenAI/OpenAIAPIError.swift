import HTTPServer
import JSON

/// An error answered the way OpenAI answers it: a status and `{"error":{"message","type","param","code"}}`.
struct OpenAIAPIError: Error, Sendable {
    let status: HTTPStatus
    let message: String
    let type: String
    let param: String?
    let code: String?

    var response: HTTPResponse {
        let body = JSONValue.object(["error": .object([
            "message": .string(message), "type": .string(type),
            "param": param.map(JSONValue.string) ?? .null, "code": code.map(JSONValue.string) ?? .null,
        ])])
        return HTTPResponse.json(body.serialized(), status: status)
    }

    static func invalidRequest(_ message: String, param: String? = nil, code: String? = nil,
                               status: HTTPStatus = .badRequest) -> OpenAIAPIError {
        OpenAIAPIError(status: status, message: message, type: "invalid_request_error", param: param, code: code)
    }

    static let missingKey = invalidRequest(
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer "
            + "auth (i.e. Authorization: Bearer YOUR_KEY).", status: .unauthorized)

    /// OpenAI shows the start and end of the wrong key; so do we, never the whole of it.
    static func invalidKey(_ key: String) -> OpenAIAPIError {
        let shown = key.count > 8 ? "\(key.prefix(3))***\(key.suffix(4))" : "***"
        return invalidRequest("Incorrect API key provided: \(shown). You can find your API key at "
            + "https://platform.openai.com/account/api-keys.", code: "invalid_api_key", status: .unauthorized)
    }

    static func unknownModel(_ model: String) -> OpenAIAPIError {
        invalidRequest("The model `\(model.prefix(100))` does not exist or you do not have access to it.",
                       code: "model_not_found", status: .notFound)
    }

    static func rateLimited(model: String) -> OpenAIAPIError {
        OpenAIAPIError(status: .tooManyRequests,
                       message: "Rate limit reached for \(model.prefix(100)) on requests per min (RPM): Limit 3, "
                           + "Used 3, Requested 1. Please try again in 20s.",
                       type: "requests", param: nil, code: "rate_limit_exceeded")
    }

    static let quotaExhausted = OpenAIAPIError(
        status: .tooManyRequests,
        message: "You exceeded your current quota, please check your plan and billing details.",
        type: "insufficient_quota", param: nil, code: "insufficient_quota")

    static let serverError = OpenAIAPIError(
        status: .internalServerError,
        message: "The server had an error while processing your request. Sorry about that!",
        type: "server_error", param: nil, code: nil)
}

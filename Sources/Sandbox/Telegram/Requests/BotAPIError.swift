import HTTPServer
import JSON

/// A failed Bot API call, answered as Telegram answers it: the HTTP status equals `error_code`.
struct BotAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    var code: Int
    var description: String
    var retryAfter: Int?

    static func badRequest(_ reason: String) -> BotAPIError {
        BotAPIError(code: 400, description: "Bad Request: \(reason)")
    }

    static func forbidden(_ reason: String) -> BotAPIError {
        BotAPIError(code: 403, description: "Forbidden: \(reason)")
    }

    static let unauthorized = BotAPIError(code: 401, description: "Unauthorized")
    static let methodNotFound = BotAPIError(code: 404, description: "Not Found: method not found")
    static let fileNotFound = BotAPIError(code: 404, description: "Not Found")

    static func tooManyRequests(retryAfter seconds: Int) -> BotAPIError {
        BotAPIError(code: 429, description: "Too Many Requests: retry after \(seconds)", retryAfter: seconds)
    }

    var response: HTTPResponse {
        var body: [String: JSONValue] = [
            "ok": .bool(false),
            "error_code": .integer(code),
            "description": .string(description),
        ]
        if let retryAfter {
            body["parameters"] = .object(["retry_after": .integer(retryAfter)])
        }
        return HTTPResponse.json(JSONValue.object(body).serialized(), status: Self.status(code))
    }

    private static func status(_ code: Int) -> HTTPStatus {
        switch code {
        case 400: .badRequest
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 409: .conflict
        case 429: .tooManyRequests
        default: HTTPStatus(code: code, reason: "Error")
        }
    }
}

/// A successful call's answer: `{"ok":true,"result":…}`.
enum BotAPIReply {
    static func ok(_ result: JSONValue, description: String? = nil) -> HTTPResponse {
        var body: [String: JSONValue] = ["ok": .bool(true), "result": result]
        if let description { body["description"] = .string(description) }
        return HTTPResponse.json(JSONValue.object(body).serialized())
    }

    static func ok(_ result: some Encodable) -> HTTPResponse {
        ok(JSONValue.encoding(result))
    }
}

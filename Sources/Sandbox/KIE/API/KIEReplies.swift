import HTTPServer
import JSON

/// KIE's answer envelope `{"code", "msg", "data"}`, and its errors in the configured style.
enum KIEReplies {
    static func success(_ data: JSONValue) -> HTTPResponse {
        json(status: 200, ["code": .integer(200), "msg": .string("success"), "data": data])
    }

    /// An error with `code` in the body, under HTTP `httpStatus` (HTTP 200 when nil).
    static func error(_ code: Int, _ message: String, httpStatus: Int?) -> HTTPResponse {
        json(status: httpStatus ?? 200, ["code": .integer(code), "msg": .string(message), "data": .null])
    }

    static func json(status: Int, _ members: [String: JSONValue]) -> HTTPResponse {
        let status = status == 200 ? HTTPStatus.ok : HTTPStatus(code: status, reason: reason(for: status))
        return HTTPResponse.json(JSONValue.object(members).serialized(), status: status)
    }

    private static func reason(for status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 404: "Not Found"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        default: "Error"
        }
    }
}

extension KIEStandIn {
    /// An error the stand-in raises itself, answered in the configured style.
    func failure(_ code: Int, _ message: String? = nil) -> HTTPResponse {
        KIEReplies.error(code, message ?? KIEMessages.text(for: code),
                         httpStatus: configuration.errorStyle == .httpStatus ? code : nil)
    }

    /// The configured key in `Authorization: Bearer <key>`, or nil.
    func apiKey(of request: HTTPRequest) -> String? {
        guard let header = request.headers["Authorization"], header.hasPrefix("Bearer ") else { return nil }
        let key = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        return configuration.apiKeys.contains(key) ? key : nil
    }
}

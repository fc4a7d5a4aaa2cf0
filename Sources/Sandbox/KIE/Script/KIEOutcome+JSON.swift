import JSON
import Timekeeping

/// The outcome as JSON for the HTTP test API: `{"type": "success"}`, `{"type": "fail", "code": "422",
/// "message": "…"}`, `{"type": "createError", "httpStatus": 429, "bodyCode": 429, "message": "…"}`,
/// `{"type": "dropCallback"}`, `{"type": "duplicateCallback"}`, `{"type": "delayCallback", "ms": 500}`,
/// `{"type": "slow", "ms": 2000}`, `{"type": "all", "outcomes": [...]}`.
extension KIEOutcome {
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    init(json: JSONValue, depth: Int = 0) throws {
        guard depth < 4, let type = json["type"]?.stringValue else {
            throw Unreadable(description: "an outcome needs a \"type\"")
        }
        switch type {
        case "success":
            self = .success
        case "fail":
            self = .fail(code: json["code"]?.stringValue ?? json["code"]?.intValue.map(String.init) ?? "500",
                         message: json["message"]?.stringValue ?? "Internal server error")
        case "createError":
            guard let code = json["bodyCode"]?.intValue, (100...999).contains(code) else {
                throw Unreadable(description: "createError needs a \"bodyCode\" between 100 and 999")
            }
            let status = json["httpStatus"]?.intValue
            if let status, !(200...599).contains(status) {
                throw Unreadable(description: "\"httpStatus\" must be between 200 and 599")
            }
            self = .createError(httpStatus: status, bodyCode: code, message: json["message"]?.stringValue ?? KIEMessages.text(for: code))
        case "dropCallback":
            self = .dropCallback
        case "duplicateCallback":
            self = .duplicateCallback
        case "delayCallback":
            self = .delayCallback(try Self.milliseconds(json))
        case "slow":
            self = .slow(try Self.milliseconds(json))
        case "all":
            guard let items = json["outcomes"]?.arrayValue, items.count <= 10 else {
                throw Unreadable(description: "\"all\" needs an \"outcomes\" array of at most 10")
            }
            self = .all(try items.map { try KIEOutcome(json: $0, depth: depth + 1) })
        default:
            throw Unreadable(description: "unknown outcome type \"\(type)\"")
        }
    }

    var json: JSONValue {
        switch self {
        case .success: .object(["type": .string("success")])
        case .fail(let code, let message): .object(["type": .string("fail"), "code": .string(code), "message": .string(message)])
        case .createError(let status, let code, let message):
            .object(["type": .string("createError"), "httpStatus": status.map { .integer($0) } ?? .null,
                     "bodyCode": .integer(code), "message": .string(message)])
        case .dropCallback: .object(["type": .string("dropCallback")])
        case .duplicateCallback: .object(["type": .string("duplicateCallback")])
        case .delayCallback(let delay): .object(["type": .string("delayCallback"), "ms": .integer(Int(delay.milliseconds))])
        case .slow(let extra): .object(["type": .string("slow"), "ms": .integer(Int(extra.milliseconds))])
        case .all(let outcomes): .object(["type": .string("all"), "outcomes": .array(outcomes.map(\.json))])
        }
    }

    private static func milliseconds(_ json: JSONValue) throws -> Duration {
        guard let ms = json["ms"]?.intValue, (0...3_600_000).contains(ms) else {
            throw Unreadable(description: "\"ms\" must be 0 to 3600000")
        }
        return .milliseconds(ms)
    }
}

import Foundation
import JSON

/// A Market task as `recordInfo` and the callback describe it. Every field but the id may be missing or null
/// in KIE's answers; numbers may come as strings and the reverse, so each is read tolerantly.
public struct KIETaskRecord: Sendable, Equatable {
    public var taskID: String
    public var model: String?
    public var state: KIETaskState
    /// Parsed from the `resultJson` string (`{"resultUrls": [...]}`); empty while running or on failure.
    public var resultURLs: [String]
    /// KIE's failure code ("422", "500", …) as text; nil when absent, null or "".
    public var failCode: String?
    /// nil when absent, null or "".
    public var failMessage: String?
    /// Milliseconds per the docs (callbacks have shown small values of unknown unit).
    public var costTime: Double?
    /// Unix milliseconds.
    public var createTime: Int64?
    public var completeTime: Int64?
    public var updateTime: Int64?
    /// The original createTask body as KIE echoes it (a JSON string).
    public var param: String?
    public var creditsConsumed: Double?

    public init(taskID: String, model: String? = nil, state: KIETaskState, resultURLs: [String] = [],
                failCode: String? = nil, failMessage: String? = nil, costTime: Double? = nil,
                createTime: Int64? = nil, completeTime: Int64? = nil, updateTime: Int64? = nil,
                param: String? = nil, creditsConsumed: Double? = nil) {
        self.taskID = taskID
        self.model = model
        self.state = state
        self.resultURLs = resultURLs
        self.failCode = failCode
        self.failMessage = failMessage
        self.costTime = costTime
        self.createTime = createTime
        self.completeTime = completeTime
        self.updateTime = updateTime
        self.param = param
        self.creditsConsumed = creditsConsumed
    }

    /// Reads a record from `data`. The id is `taskId`, else `task_id`, else `fallbackTaskID`.
    public init(json: JSONValue, fallbackTaskID: String? = nil) throws(KIEError) {
        guard case .object = json else { throw .malformed("the task record is not a JSON object") }
        guard let id = Self.text(json["taskId"]) ?? Self.text(json["task_id"]) ?? fallbackTaskID, !id.isEmpty else {
            throw .malformed("the task record has no taskId")
        }
        taskID = id
        model = Self.text(json["model"])
        state = KIETaskState(wire: json["state"]?.stringValue)
        resultURLs = Self.resultURLs(json["resultJson"])
        failCode = Self.text(json["failCode"])
        failMessage = Self.text(json["failMsg"]) ?? Self.text(json["failMessage"])
        costTime = Self.number(json["costTime"])
        createTime = Self.milliseconds(json["createTime"])
        completeTime = Self.milliseconds(json["completeTime"])
        updateTime = Self.milliseconds(json["updateTime"])
        param = json["param"]?.stringValue
        creditsConsumed = Self.number(json["consumeCredits"]) ?? Self.number(json["creditsConsumed"])
    }

    /// A string, or a number written as text; nil for null, "" and anything else.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text): text.isEmpty ? nil : KIEEnvelope.printable(text)
        case .integer(let number): String(number)
        case .number(let number) where number.isFinite:
            number.rounded() == number && abs(number) < 9.0e15 ? String(Int64(number)) : String(number)
        default: nil
        }
    }

    private static func number(_ value: JSONValue?) -> Double? {
        if let number = value?.doubleValue, number.isFinite { return number }
        return value?.stringValue.flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil }
    }

    private static func milliseconds(_ value: JSONValue?) -> Int64? {
        guard let number = number(value), abs(number) < 9.0e15 else { return nil }
        return Int64(number)
    }

    /// `resultJson` is documented as a JSON string; an object is accepted too. Unreadable → no URLs.
    private static func resultURLs(_ value: JSONValue?) -> [String] {
        let result: JSONValue?
        switch value {
        case .string(let text): result = JSONValue.parse(Array(text.utf8))
        case .object: result = value
        default: result = nil
        }
        return (result?["resultUrls"]?.arrayValue ?? []).compactMap { $0.stringValue }.filter { !$0.isEmpty }
    }
}

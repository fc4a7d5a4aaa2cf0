import JSON

/// The body KIE posts to `callBackUrl`: `{code, msg | message, data: <task record>}` (code 200 on success,
/// 501 on failure). The task id is `data.taskId`, else `data.task_id`, else a top-level `taskId`.
public struct KIECallback: Sendable, Equatable {
    public var code: Int?
    public var message: String?
    public var taskID: String
    public var record: KIETaskRecord

    /// Longest callback body read; Market callbacks are a few kilobytes.
    public static let maxBodyBytes = 256 << 10

    public init(code: Int?, message: String?, record: KIETaskRecord) {
        self.code = code
        self.message = message
        taskID = record.taskID
        self.record = record
    }

    /// Decodes a callback body; any input that is not a callback throws `.malformed`, never traps.
    public init(body: [UInt8]) throws(KIEError) {
        guard body.count <= Self.maxBodyBytes else { throw .malformed("the callback body is too large") }
        guard let json = JSONValue.parse(body), case .object = json else {
            throw .malformed("the callback body is not a JSON object")
        }
        let envelope = KIEEnvelope(json: json)
        let data = json["data"].flatMap { $0.isNull ? nil : $0 } ?? .object([:])
        var record = try KIETaskRecord(json: data, fallbackTaskID: KIETaskRecord.text(json["taskId"]))
        // Without a state, the callback's own code says how the task ended (200 done, 501 failed).
        if data["state"]?.stringValue == nil {
            switch envelope.code {
            case 200?: record.state = .success
            case 501?: record.state = .fail
            default: break
            }
        }
        self.init(code: envelope.code, message: envelope.message, record: record)
    }

    public var succeeded: Bool { record.state == .success }
    public var failed: Bool { record.state == .fail }
}

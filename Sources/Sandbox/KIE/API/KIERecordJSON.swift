import JSON
import KIE

extension KIEStandIn {
    /// A task as recordInfo's `data` (and the callback's): running tasks carry nulls where KIE's do, finished
    /// ones `""` for the fields that do not apply; `resultJson` is a JSON string.
    func recordJSON(_ task: KIEStandInTask) -> JSONValue {
        var members: [String: JSONValue] = [
            "taskId": .string(task.id),
            "model": .string(task.model),
            "state": .string(task.state.rawValue),
            "param": .string(task.param),
            "createTime": .integer(Int(task.createdAt)),
            "updateTime": .integer(Int(task.updatedAt)),
        ]
        switch task.state {
        case .success:
            let result = JSONValue.object(["resultUrls": .array([.string(task.resultURL ?? "")])])
            members["resultJson"] = .string(String(decoding: result.serialized(), as: UTF8.self))
            members["failCode"] = .string("")
            members["failMsg"] = .string("")
            members["costTime"] = .integer(Int((task.completedAt ?? task.createdAt) - task.createdAt))
            members["completeTime"] = task.completedAt.map { .integer(Int($0)) } ?? .null
            members["consumeCredits"] = .number(task.creditsCharged)
        case .fail:
            members["resultJson"] = .string("")
            members["failCode"] = .string(task.failCode ?? "500")
            members["failMsg"] = .string(task.failMessage ?? "Internal server error")
            members["costTime"] = .integer(0)
            members["completeTime"] = task.completedAt.map { .integer(Int($0)) } ?? .null
            members["consumeCredits"] = .integer(0)
        case .waiting, .queuing, .generating:
            members["resultJson"] = .string("")
            members["failCode"] = .null
            members["failMsg"] = .null
            members["costTime"] = .null
            members["completeTime"] = .null
        }
        return .object(members)
    }
}

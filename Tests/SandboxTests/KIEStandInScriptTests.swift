import Foundation
import HTTPClient
import JSON
import KIE
import Sandbox
import Testing

@Suite struct KIEStandInScriptTests {
    @Test(arguments: [429, 402, 500, 455, 401, 505, 433], [true, false])
    func scriptedCreateErrorsReachTheClientWithTheirCode(code: Int, asHTTPStatus: Bool) throws {
        let harness = try KIETestHarness()
        harness.standIn.enqueue(.createError(code, asHTTPStatus: asHTTPStatus))
        let error = #expect(throws: KIEError.self) { try harness.create() }
        #expect(error?.code == code)
        #expect(harness.standIn.tasks.isEmpty)
        // The script is used up: the next call succeeds.
        #expect(throws: Never.self) { try harness.create() }
    }

    @Test func aScriptedCreateErrorIsAnsweredAsScripted() throws {
        let harness = try KIETestHarness()
        harness.standIn.enqueue(.createError(httpStatus: 429, bodyCode: 429, message: "slow down"),
                                .createError(httpStatus: nil, bodyCode: 455, message: "maintenance"))
        let json = #"{"model":"bytedance/seedance-1.5-pro","input":{"prompt":"abc","aspect_ratio":"9:16","duration":5}}"#
        let first = try harness.rawCreate(json)
        #expect(first.status == 429 && first.body["code"] as? Int == 429 && first.body["msg"] as? String == "slow down")
        let second = try harness.rawCreate(json)
        #expect(second.status == 200 && second.body["code"] as? Int == 455)
    }

    @Test func scriptedFailuresEndTheTaskWithTheirCode() throws {
        let harness = try KIETestHarness()
        harness.standIn.enqueue(.contentPolicy, .internalError)
        let policy = try harness.create(name: "a")
        let generic = try harness.create(name: "b")

        let refused = try #require(harness.callbacks(for: policy).first)
        #expect(refused.code == 501 && refused.record.failCode == "422")
        #expect(KIEFailure.isContentPolicy(failCode: refused.record.failCode, failMsg: refused.record.failMessage))
        let broken = try #require(harness.callbacks(for: generic).first)
        #expect(broken.record.failCode == "500")
        #expect(!KIEFailure.isContentPolicy(failCode: broken.record.failCode, failMsg: broken.record.failMessage))
        #expect(harness.standIn.credits(apiKey: KIETestHarness.key) == 100_000)
    }

    @Test func aDroppedCallbackLeavesOnlyRecordInfo() throws {
        let harness = try KIETestHarness()
        harness.standIn.enqueue(.dropCallback, .success)
        let dropped = try harness.create(name: "dropped")
        let normal = try harness.create(name: "normal")

        #expect(harness.callbacks(for: normal).count == 1)
        #expect(harness.standIn.waitUntil { harness.standIn.task(id: dropped)?.state == .success })
        // A dropped callback is never scheduled, so once the task is finished nothing more will come.
        #expect(harness.peer.callbacks.allSatisfy { (try? KIECallback(body: $0.body))?.taskID != dropped })
        #expect(harness.standIn.callbacks(taskID: dropped).isEmpty)
        #expect(try harness.client.recordInfo(taskID: dropped, apiKey: KIETestHarness.key).state == .success)
    }

    @Test func aDuplicatedCallbackArrivesTwice() throws {
        let harness = try KIETestHarness()
        harness.standIn.enqueue(.all([.duplicateCallback, .delayCallback(.milliseconds(50))]))
        let taskID = try harness.create()
        let callbacks = harness.callbacks(for: taskID, count: 2)
        #expect(callbacks.count == 2)
        #expect(callbacks.allSatisfy { $0.succeeded })
        // The stand-in counts a delivery once our answer reaches it, a moment after the peer has seen the body.
        #expect(harness.standIn.waitUntil { harness.standIn.task(id: taskID)?.callbacksDelivered == 2 })
    }

    @Test func promptRulesAndPerTaskChangesApply() throws {
        let harness = try KIETestHarness { $0.generationTime = .seconds(2) ... .seconds(2) }
        harness.standIn.addRule(promptContains: "FORBIDDEN", outcome: .contentPolicy)
        let ruled = try harness.create(name: "ruled", prompt: "A FORBIDDEN scene")
        let changed = try harness.create(name: "changed")
        #expect(harness.standIn.setOutcome(.internalError, forTask: changed))

        #expect(harness.callbacks(for: ruled).first?.record.failCode == "422")
        #expect(harness.callbacks(for: changed).first?.record.failCode == "500")
        #expect(!harness.standIn.setOutcome(.success, forTask: changed))
    }

    @Test func theHTTPTestAPIScriptsAndReports() throws {
        let harness = try KIETestHarness()
        let base = harness.standIn.baseURL + "/sandbox/kie"
        let script = #"{"outcomes":[{"type":"createError","httpStatus":null,"bodyCode":402,"message":"top up"},{"type":"all","outcomes":[{"type":"fail","code":"422","message":"prohibited"},{"type":"duplicateCallback"}]}]}"#
        try harness.http.send(.init(method: "POST", url: base + "/script", headers: [("Content-Type", "application/json")],
                                    body: .bytes(Array(script.utf8)))).requireSuccess()
        #expect(throws: KIEError.api(code: 402, message: "top up")) { try harness.create() }
        let taskID = try harness.create()
        let callbacks = harness.callbacks(for: taskID, count: 2)
        #expect(callbacks.count == 2 && callbacks.allSatisfy { $0.record.failCode == "422" })

        let bad = try harness.http.send(.init(method: "POST", url: base + "/script", body: .bytes(Array(#"{"outcomes":[{"type":"explode"}]}"#.utf8))))
        #expect(bad.status == 400)
        let tasks = try harness.http.send(.init(url: base + "/tasks")).requireSuccess()
        let listed = try #require(JSONValue.parse(tasks.body)?["tasks"]?.arrayValue)
        #expect(listed.map { $0["taskId"]?.stringValue } == [taskID])
        let stats = try harness.http.send(.init(url: base + "/stats")).requireSuccess()
        #expect(JSONValue.parse(stats.body)?["keys"]?[KIETestHarness.key]?["createCalls"] == JSONValue.integer(2))
    }
}

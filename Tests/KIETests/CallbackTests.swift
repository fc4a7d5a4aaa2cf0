import KIE
import Testing

@Suite struct CallbackTests {
    private func decode(_ text: String) throws -> KIECallback {
        try KIECallback(body: Array(text.utf8))
    }

    @Test func aSuccessCallbackFromTheDocs() throws {
        let callback = try decode("""
        {"code":200,"data":{"completeTime":1755599644000,"consumeCredits":100,"costTime":8,"createTime":1755599634000,
         "model":"sora-2-pro-storyboard","param":"{\\"model\\":\\"x\\"}","remainedCredits":2510330,
         "resultJson":"{\\"resultUrls\\":[\\"https://example.com/generated-image.jpg\\"]}",
         "state":"success","taskId":"e989621f54392584b05867f87b160672","updateTime":1755599644000},
         "msg":"Playground task completed successfully."}
        """)
        #expect(callback.code == 200)
        #expect(callback.message == "Playground task completed successfully.")
        #expect(callback.taskID == "e989621f54392584b05867f87b160672")
        #expect(callback.succeeded)
        #expect(callback.record.resultURLs == ["https://example.com/generated-image.jpg"])
        #expect(callback.record.creditsConsumed == 100)
        #expect(callback.record.param == #"{"model":"x"}"#)
    }

    @Test func aFailureCallbackFromTheDocs() throws {
        let callback = try decode("""
        {"code":501,"data":{"completeTime":1755597081000,"consumeCredits":0,"costTime":0,"createTime":1755596341000,
         "failCode":"500","failMsg":"Internal server error","model":"sora-2-pro-storyboard","param":"{}",
         "remainedCredits":2510430,"state":"fail","taskId":"bd3a37c523149e4adf45a3ddb5faf1a8","updateTime":1755597097000},
         "msg":"Playground task failed."}
        """)
        #expect(callback.failed)
        #expect(callback.code == 501)
        #expect(callback.record.failCode == "500")
        #expect(callback.record.failMessage == "Internal server error")
        #expect(callback.record.resultURLs.isEmpty)
    }

    @Test func nullFieldsAndAMessageSpelledMessage() throws {
        let callback = try decode("""
        {"code":200,"message":"ok","data":{"taskId":"t1","state":"success","failCode":null,"failMsg":null,
         "resultJson":"{\\"resultUrls\\":[\\"https://r.test/v.mp4\\"]}","costTime":null}}
        """)
        #expect(callback.message == "ok")
        #expect(callback.record.failCode == nil && callback.record.costTime == nil)
        let failed = try decode(#"{"code":501,"msg":"failed","data":{"taskId":"t2","state":"fail","resultJson":null,"failCode":422,"failMsg":"Invalid prompt: prompt contains prohibited content"}}"#)
        #expect(failed.record.failCode == "422")
        #expect(failed.record.resultURLs.isEmpty)
    }

    @Test func theTaskIDMayBeSnakeCaseOrAtTheTop() throws {
        let snake = try decode(#"{"taskId":"ee9c27","code":200,"msg":"Success","data":{"task_id":"ee9c2715","callbackType":"task_completed"}}"#)
        #expect(snake.taskID == "ee9c2715")
        #expect(snake.succeeded)
        let top = try decode(#"{"taskId":"ee9c27","code":501,"msg":"failed","data":{"callbackType":"task_failed"}}"#)
        #expect(top.taskID == "ee9c27")
        #expect(top.failed)
        let nullData = try decode(#"{"taskId":"abc","code":200,"data":null}"#)
        #expect(nullData.taskID == "abc")
    }

    @Test func anUnknownStateIsStillRunning() throws {
        let callback = try decode(#"{"code":200,"data":{"taskId":"t","state":"rendering"}}"#)
        #expect(callback.record.state == .generating)
        #expect(!callback.record.state.isFinished)
    }

    @Test(arguments: [
        "", "not json", "[1,2]", "null", "42", #"{"code":200}"#, #"{"code":200,"data":{"state":"success"}}"#,
        #"{"code":200,"data":{"taskId":""}}"#, #"{"code":200,"data":[1]}"#, #"{"code":"x","data":{"taskId":{}}}"#,
        "{\"code\":200,\"data\":{\"taskId\":\"t\"", String(repeating: "[", count: 100_000),
    ])
    func garbageIsRejectedNotCrashedOn(body: String) {
        #expect(throws: KIEError.self) { try KIECallback(body: Array(body.utf8)) }
    }

    @Test func anOversizedBodyIsRejected() {
        let body = #"{"code":200,"data":{"taskId":"t","pad":""# + String(repeating: "x", count: KIECallback.maxBodyBytes) + #""}}"#
        #expect(throws: KIEError.self) { try KIECallback(body: Array(body.utf8)) }
    }

    @Test func oddTypesAreReadTolerantly() throws {
        let callback = try decode(#"{"code":200,"data":{"taskId":12345,"state":"success","resultJson":{"resultUrls":["https://r.test/a.mp4",7,""]},"costTime":"1500","createTime":1.5e12}}"#)
        #expect(callback.taskID == "12345")
        #expect(callback.record.resultURLs == ["https://r.test/a.mp4"])
        #expect(callback.record.costTime == 1500)
        #expect(callback.record.createTime == 1_500_000_000_000)
        let badResult = try decode(#"{"code":200,"data":{"taskId":"t","state":"success","resultJson":"{not json"}}"#)
        #expect(badResult.record.resultURLs.isEmpty)
    }
}

import Foundation
import HTTPClient
import KIE
import Testing

@Suite struct ClientTests {
    private let key = "sk-secret-test-key-123"
    private let http = HTTPClient()

    private func client(_ server: ScriptedKIEServer) -> KIEClient {
        KIEClient(baseURL: server.baseURL, http: http, timeout: .seconds(5))
    }

    @Test func createTaskSendsTheDocumentedBodyAndReturnsTheTaskID() throws {
        let server = try ScriptedKIEServer()
        defer { server.stop() }
        server.answer(#"{"code":200,"msg":"success","data":{"taskId":"3620d0076a1795bd","recordId":"3620d0076a1795bd"}}"#)

        let taskID = try client(server).createTask(
            model: KIECatalogue.seedance15Pro, prompt: "A red mug turns", imageURL: "https://x.test/p.jpg",
            format: "9:16", callbackURL: "https://bot.test/callbacks/kie/1/tok", apiKey: key)

        #expect(taskID == "3620d0076a1795bd")
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/api/v1/jobs/createTask")
        #expect(request.header("Authorization") == "Bearer \(key)")
        #expect(request.header("Content-Type") == "application/json")
        let body = request.json
        #expect(body["model"] as? String == "bytedance/seedance-1.5-pro")
        #expect(body["callBackUrl"] as? String == "https://bot.test/callbacks/kie/1/tok")
        let input = try #require(body["input"] as? [String: Any])
        #expect(input["input_urls"] as? [String] == ["https://x.test/p.jpg"])
        #expect(input["aspect_ratio"] as? String == "9:16")
        #expect(input["generate_audio"] as? Bool == false)
        // The raw bytes carry the duration as a bare number, never "5".
        #expect(String(decoding: request.body, as: UTF8.self).contains(#""duration":5"#))
    }

    @Test func aStringDurationModelSendsAString() throws {
        let server = try ScriptedKIEServer()
        defer { server.stop() }
        server.answer(#"{"code":200,"message":"success","data":{"taskId":"t1"}}"#)
        _ = try client(server).createTask(model: KIECatalogue.bytedanceV1ProFast, prompt: "p", imageURL: "https://x.test/p.jpg",
                                          format: "9:16", callbackURL: nil, apiKey: key)
        let raw = String(decoding: try #require(server.requests.first).body, as: UTF8.self)
        #expect(raw.contains(#""duration":"5""#))
        #expect(raw.contains(#""image_url":"https://x.test/p.jpg""#))
        #expect(!raw.contains("callBackUrl"))
    }

    @Test(arguments: [
        (429, #"{"code":429,"msg":"Rate limited"}"#, 429, "Rate limited"),
        (401, #"{"code":401,"msg":"You do not have access permissions"}"#, 401, "You do not have access permissions"),
        (500, "Internal Error", 500, "Internal Error"),
        (503, #"{"code":200,"msg":"odd"}"#, 503, "odd"),
    ])
    func anErrorStatusBecomesAnAPIError(status: Int, body: String, code: Int, message: String) throws {
        let server = try ScriptedKIEServer()
        defer { server.stop() }
        server.answer(body, status: status)
        let error = #expect(throws: KIEError.self) {
            try client(server).createTask(model: KIECatalogue.seedance15Pro, prompt: "ppp", imageURL: "https://x.test/p.jpg",
                                          format: "9:16", callbackURL: nil, apiKey: key)
        }
        #expect(error == .api(code: code, message: message))
        #expect(error?.code == code)
        #expect(!"\(String(describing: error))".contains(key))
    }

    @Test(arguments: [
        (#"{"code":402,"msg":"The current credits are insufficient. Please top up.","data":null}"#, 402, "The current credits are insufficient. Please top up."),
        (#"{"code":455,"message":"Service Unavailable"}"#, 455, "Service Unavailable"),
        (#"{"code":500,"msg":"The model name you specified is not supported."}"#, 500, "The model name you specified is not supported."),
        (#"{"code":433,"msg":"Sub-key Usage Exceeds Limit"}"#, 433, "Sub-key Usage Exceeds Limit"),
    ])
    func aBodyCodeUnderHTTP200BecomesAnAPIError(body: String, code: Int, message: String) throws {
        let server = try ScriptedKIEServer()
        defer { server.stop() }
        server.answer(body)
        let error = #expect(throws: KIEError.self) {
            try client(server).createTask(model: KIECatalogue.klingV3Turbo, prompt: "p", imageURL: "https://x.test/p.jpg",
                                          format: "9:16", callbackURL: nil, apiKey: key)
        }
        #expect(error == .api(code: code, message: message))
    }

    @Test func successWithoutATaskIDIsMalformed() throws {
        let server = try ScriptedKIEServer()
        defer { server.stop() }
        server.answer(#"{"code":200,"msg":"success","data":{}}"#)
        server.answer("[1,2,3]")
        let kie = client(server)
        for _ in 0..<2 {
            let error = #expect(throws: KIEError.self) {
                try kie.createTask(model: KIECatalogue.wan27, prompt: "p", imageURL: "https://x.test/p.jpg",
                                   format: "9:16", callbackURL: nil, apiKey: key)
            }
            guard case .malformed? = error else {
                Issue.record("expected .malformed, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test func anUnreachableKIEIsATransportError() throws {
        let kie = KIEClient(baseURL: "http://127.0.0.1:1", http: http, timeout: .seconds(2))
        let error = #expect(throws: KIEError.self) { try kie.credits(apiKey: key) }
        guard case .transport? = error else {
            Issue.record("expected .transport, got \(String(describing: error))")
            return
        }
        #expect(error?.code == nil)
    }

    @Test func recordInfoToleratesNullsAndReadsTheResultJSONString() throws {
        let server = try ScriptedKIEServer()
        defer { server.stop() }
        server.answer("""
        {"code":200,"msg":"success","data":{"taskId":"26278f7a","model":"bytedance/seedance-1.5-pro","state":"generating",
         "param":"{}","resultJson":"","failCode":null,"failMsg":null,"costTime":null,"completeTime":null,"createTime":1762855836167}}
        """)
        server.answer("""
        {"code":200,"msg":"success","data":{"taskId":"task_12345678","model":"m","state":"success",
         "resultJson":"{\\"resultUrls\\":[\\"https://example.com/generated.mp4\\"]}","failCode":"","failMsg":"",
         "costTime":15000,"completeTime":1698765432000,"createTime":1698765400000,"updateTime":1698765432000}}
        """)
        server.answer("""
        {"code":200,"message":"success","data":{"taskId":"task_x","state":"fail","resultJson":null,"failCode":500,
         "failMsg":"Internal server error"}}
        """)
        let kie = client(server)

        let running = try kie.recordInfo(taskID: "26278f7a", apiKey: key)
        #expect(running.state == .generating)
        #expect(running.resultURLs.isEmpty)
        #expect(running.failCode == nil && running.failMessage == nil && running.costTime == nil)
        #expect(running.createTime == 1_762_855_836_167 && running.updateTime == nil)

        let done = try kie.recordInfo(taskID: "task_12345678", apiKey: key)
        #expect(done.state == .success)
        #expect(done.resultURLs == ["https://example.com/generated.mp4"])
        #expect(done.failCode == nil && done.costTime == 15000)

        let failed = try kie.recordInfo(taskID: "task_x", apiKey: key)
        #expect(failed.state == .fail)
        #expect(failed.failCode == "500")
        #expect(failed.failMessage == "Internal server error")

        #expect(server.requests.map(\.target) == [
            "/api/v1/jobs/recordInfo?taskId=26278f7a", "/api/v1/jobs/recordInfo?taskId=task_12345678",
            "/api/v1/jobs/recordInfo?taskId=task_x",
        ])
    }

    @Test func recordInfoEncodesTheTaskIDAndReportsUnknownTasks() throws {
        let server = try ScriptedKIEServer()
        defer { server.stop() }
        server.answer(#"{"code":422,"msg":"recordInfo is null","data":null}"#)
        let error = #expect(throws: KIEError.self) { try client(server).recordInfo(taskID: "a&b=c d", apiKey: key) }
        #expect(error == .api(code: 422, message: "recordInfo is null"))
        #expect(server.requests.first?.target == "/api/v1/jobs/recordInfo?taskId=a%26b%3Dc%20d")
    }

    @Test func creditsReadsTheNumber() throws {
        let server = try ScriptedKIEServer()
        defer { server.stop() }
        server.answer(#"{"code":200,"msg":"success","data":100}"#)
        server.answer(#"{"code":200,"msg":"success","data":"lots"}"#)
        let kie = client(server)
        #expect(try kie.credits(apiKey: key) == 100)
        #expect(throws: KIEError.self) { try kie.credits(apiKey: key) }
        #expect(server.requests.first?.target == "/api/v1/chat/credit")
    }

    @Test func uploadSendsRawBase64AndPrefersTheDownloadURL() throws {
        let server = try ScriptedKIEServer()
        defer { server.stop() }
        server.answer(#"{"success":true,"code":200,"msg":"ok","data":{"fileName":"a.jpg","downloadUrl":"https://t.test/d/a.jpg","fileUrl":"https://t.test/f/a.jpg"}}"#)
        server.answer(#"{"success":true,"code":200,"msg":"ok","data":{"fileUrl":"https://t.test/f/b.jpg"}}"#)
        let kie = client(server)
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]
        #expect(try kie.uploadImage(bytes: bytes, fileName: "a.jpg", apiKey: key, uploadBaseURL: server.baseURL) == "https://t.test/d/a.jpg")
        #expect(try kie.uploadImage(bytes: bytes, fileName: "b.jpg", apiKey: key, uploadBaseURL: server.baseURL) == "https://t.test/f/b.jpg")
        let request = try #require(server.requests.first)
        #expect(request.target == "/api/file-base64-upload")
        #expect(request.json["base64Data"] as? String == Data(bytes).base64EncodedString())
        #expect(request.json["fileName"] as? String == "a.jpg")
    }
}

import Foundation
import HTTPClient
import JSON
import KIE
import Sandbox
import Testing

@Suite struct KIEStandInRulesTests {
    @Test func anUnknownKeyIsRefused() throws {
        let harness = try KIETestHarness()
        #expect(throws: KIEError.api(code: 401, message: "You do not have access permissions")) {
            try harness.create(key: "stolen")
        }
        let raw = try harness.rawCreate(#"{"model":"bytedance/seedance-1.5-pro","input":{}}"#, key: nil)
        #expect(raw.status == 200 && raw.body["code"] as? Int == 401)
        #expect(throws: KIEError.self) { try harness.client.recordInfo(taskID: "x", apiKey: "stolen") }
        #expect(harness.standIn.createCalls.isEmpty)
    }

    @Test func errorsCanComeAsHTTPStatuses() throws {
        let harness = try KIETestHarness { $0.errorStyle = .httpStatus }
        let raw = try harness.rawCreate(#"{"model":"bytedance/seedance-1.5-pro","input":{}}"#, key: "stolen")
        #expect(raw.status == 401 && raw.body["code"] as? Int == 401)
        #expect(throws: KIEError.api(code: 401, message: "You do not have access permissions")) {
            try harness.create(key: "stolen")
        }
    }

    @Test func inputsAreValidatedLikeKIE() throws {
        let harness = try KIETestHarness()
        let photo = harness.peer.photoURL
        let cases: [(json: String, code: Int, message: String?)] = [
            (#"{"model":"bytedance/seedance-1.5-pro","input":{"prompt":"abcd","input_urls":["\#(photo)"],"aspect_ratio":"9:16","duration":"5"}}"#, 422, nil),
            (#"{"model":"kling/v3-turbo-image-to-video","input":{"prompt":"abcd","image_urls":["\#(photo)"],"duration":5,"resolution":"720p"}}"#, 422, nil),
            (#"{"model":"bytedance/seedance-1.5-pro","input":{"input_urls":["\#(photo)"],"aspect_ratio":"9:16","duration":5}}"#, 500, "prompt is required"),
            (#"{"model":"no/such-model","input":{"prompt":"abcd"}}"#, 500, "The model name you specified is not supported."),
            (#"{"model":"sora-2-image-to-video","input":{"prompt":"abcd"}}"#, 500, "This interface is temporarily paused"),
            (#"{"model":"bytedance/v1-pro-fast-image-to-video","input":{"prompt":"abcd","image_url":["\#(photo)"]}}"#, 422, nil),
            (#"{"model":"grok-imagine-video-1-5-preview","input":{"prompt":"abcd","image_urls":["\#(photo)"],"sound":true}}"#, 422, nil),
            (#"{"model":"wan/2-7-image-to-video","input":{"prompt":"abcd","duration":5}}"#, 500, "first_frame_url is required"),
            (#"{"model":"bytedance/seedance-1.5-pro"}"#, 500, "input is required"),
            ("not json", 422, nil),
        ]
        for (json, code, message) in cases {
            let answer = try harness.rawCreate(json)
            #expect(answer.status == 200, "\(json)")
            #expect(answer.body["code"] as? Int == code, "\(json)")
            if let message { #expect(answer.body["msg"] as? String == message) }
        }
        #expect(harness.standIn.tasks.isEmpty)
        #expect(harness.standIn.createCalls.count == cases.count)
    }

    @Test func keysAreSeparateAccounts() throws {
        let harness = try KIETestHarness()
        let taskID = try harness.create(key: KIETestHarness.key)
        #expect(throws: KIEError.api(code: 422, message: "recordInfo is null")) {
            try harness.client.recordInfo(taskID: taskID, apiKey: KIETestHarness.otherKey)
        }
        _ = try harness.create(key: KIETestHarness.otherKey)
        _ = try harness.create(key: KIETestHarness.otherKey)
        #expect(harness.standIn.createCallCount(apiKey: KIETestHarness.key) == 1)
        #expect(harness.standIn.createCallCount(apiKey: KIETestHarness.otherKey) == 2)
        #expect(harness.standIn.recordInfoCallCount(apiKey: KIETestHarness.otherKey) == 1)
    }

    @Test func aKeyWithoutCreditsGets402() throws {
        let harness = try KIETestHarness()
        harness.standIn.setCredits(10, apiKey: KIETestHarness.key)
        #expect(try harness.client.credits(apiKey: KIETestHarness.key) == 10)
        #expect(throws: KIEError.api(code: 402, message: "The current credits are insufficient. Please top up.")) {
            try harness.create()
        }
        #expect(throws: Never.self) { try harness.create(key: KIETestHarness.otherKey) }
    }

    @Test func recordInfoIsLimitedPerKey() throws {
        let harness = try KIETestHarness { $0.queryRateLimit = .init(count: 3, window: .seconds(60)) }
        let taskID = try harness.create()
        for _ in 0..<3 { _ = try harness.client.recordInfo(taskID: taskID, apiKey: KIETestHarness.key) }
        let error = #expect(throws: KIEError.self) { try harness.client.recordInfo(taskID: taskID, apiKey: KIETestHarness.key) }
        #expect(error?.code == 429)
        #expect(harness.standIn.rateLimitedQueryCount(apiKey: KIETestHarness.key) == 1)
        #expect(harness.standIn.recordInfoCallCount(apiKey: KIETestHarness.key) == 4)
        // Another key has its own allowance.
        #expect(throws: KIEError.api(code: 422, message: "recordInfo is null")) {
            try harness.client.recordInfo(taskID: taskID, apiKey: KIETestHarness.otherKey)
        }
    }

    @Test func createTaskIsLimitedPerKeyWithHTTP429() throws {
        let harness = try KIETestHarness { $0.createRateLimit = .init(count: 2, window: .seconds(60)) }
        _ = try harness.create()
        _ = try harness.create()
        #expect(throws: KIEError.api(code: 429, message: "Request limit has been exceeded for this resource")) {
            try harness.create()
        }
        let json = #"{"model":"bytedance/seedance-1.5-pro","input":{}}"#
        #expect(try harness.rawCreate(json).status == 429)
        #expect(throws: Never.self) { try harness.create(key: KIETestHarness.otherKey) }
    }

    @Test func recordInfoWithoutATaskIDIs400() throws {
        let harness = try KIETestHarness()
        let response = try harness.http.send(HTTPClientRequest(
            url: harness.standIn.baseURL + "/api/v1/jobs/recordInfo",
            headers: [("Authorization", "Bearer \(KIETestHarness.key)")]))
        #expect(JSONValue.parse(response.body)?["code"] == JSONValue.integer(400))
    }
}

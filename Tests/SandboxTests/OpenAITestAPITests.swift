import Foundation
import LLM
import Sandbox
import Testing

@Suite("OpenAI stand-in: HTTP test API")
struct OpenAITestAPITests {
    @Test("faults queued over HTTP are played, listed and cleared")
    func faultsOverHTTP() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }

        let queued = try harness.post("/sandbox/openai/faults", json: #"{"fault":"rate_limited","times":2}"#)
        #expect(queued.status == 200)
        _ = try harness.post("/sandbox/openai/faults", json: #"{"fault":"slow","delay_ms":250}"#)
        _ = try harness.post("/sandbox/openai/faults", json: #"{"fault":"human_face"}"#)
        let listed = try harness.get("/sandbox/openai/faults")
        let names = (listed.body["faults"] as? [[String: Any]])?.map { $0["fault"] as? String }
        #expect(names == ["rate_limited", "rate_limited", "slow", "human_face"])
        #expect(harness.standIn.pendingFaults[2] == .slow(.milliseconds(250)))

        #expect(throws: LLMError.rateLimited) {
            try harness.client().analyzePhoto(imageURL: TestImages.photo, hint: nil, language: "en")
        }
        let cleared = try harness.post("/sandbox/openai/faults", json: "", method: "DELETE")
        #expect((cleared.body["faults"] as? [Any])?.isEmpty == true)
        #expect(try harness.client().analyzePhoto(imageURL: TestImages.photo, hint: nil, language: "en").verdict == .usable)
    }

    @Test("recorded calls are listed as JSON and forgotten on reset")
    func callsOverHTTP() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }
        _ = try harness.client().writePrompts(description: "Lamp", imageURL: TestImages.photo, count: 2, format: "16:9")

        let calls = try #require(try harness.get("/sandbox/openai/calls").body["calls"] as? [[String: Any]])
        #expect(calls.count == 1)
        #expect(calls.first?["operation"] as? String == "scene_prompts")
        #expect(calls.first?["requested_prompts"] as? Int == 2)
        #expect(calls.first?["product_description"] as? String == "Lamp")
        #expect(calls.first?["status"] as? Int == 200)

        #expect(try harness.post("/sandbox/openai/reset", json: "").status == 200)
        #expect(harness.standIn.calls.isEmpty)
    }

    @Test("bad fault requests are 400", arguments: [
        "", #"{"fault":"meteor"}"#, #"{"fault":"server_error","times":0}"#, #"{"fault":"slow","delay_ms":-5}"#,
        #"{"fault":"server_error","times":"2"}"#,
    ])
    func badFaultRequests(json: String) throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }

        #expect(try harness.post("/sandbox/openai/faults", json: json).status == 400)
        #expect(harness.standIn.pendingFaults.isEmpty)
    }
}

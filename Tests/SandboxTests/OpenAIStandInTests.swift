import Foundation
import LLM
import Sandbox
import Testing

@Suite("OpenAI stand-in: answers")
struct OpenAIStandInTests {
    @Test("photo analysis with a seller's note describes the product in their words, usable")
    func analysisWithHint() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }

        let analysis = try harness.client().analyzePhoto(imageURL: TestImages.photo, hint: "Красные кроссовки", language: "ru")

        // The test JPEG is a header only: its shape is known, its colours are not.
        #expect(analysis == PhotoAnalysis(description: "Красные кроссовки, горизонтальное фото", verdict: .usable))
        let call = try #require(harness.standIn.calls.first)
        #expect(call.status == 200)
        #expect(call.operation == .photoAnalysis)
        #expect(call.model == "gpt-4o-mini")
        #expect(call.hint == "Красные кроссовки")
        #expect(call.images.map(\.source) == ["data"])
        #expect(call.images.first?.format == "jpeg")
        #expect(call.images.first?.width == 1280 && call.images.first?.height == 960)
    }

    @Test("without a note or a name the description is generic, with the photo's shape; the same call answers the same")
    func analysisFromImageSize() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }
        let client = harness.client()

        let first = try client.analyzePhoto(imageURL: TestImages.photo, hint: nil, language: "en")
        let second = try client.analyzePhoto(imageURL: TestImages.photo, hint: nil, language: "en")

        #expect(first == PhotoAnalysis(description: "Product, landscape shot", verdict: .usable))
        #expect(first == second)
    }

    @Test("an http image URL is fetched")
    func fetchesHTTPImage() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }
        let host = try ImageHost()
        defer { host.stop() }

        let analysis = try harness.client().analyzePhoto(imageURL: host.origin + "/photo.jpg", hint: nil, language: "en")

        #expect(analysis.description == "Product, landscape shot")
        #expect(harness.standIn.calls.first?.images.first?.source == "http")
    }

    @Test("prompts: as many distinct prompts as asked, naming the product", arguments: [1, 3, 5])
    func prompts(count: Int) throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }

        let prompts = try harness.client().writePrompts(
            description: "Red sneakers", imageURL: TestImages.photo, count: count, format: "9:16")

        #expect(prompts.count == count)
        #expect(Set(prompts).count == count)
        #expect(prompts.allSatisfy { $0.contains("the red sneakers") })
        let call = try #require(harness.standIn.calls.first)
        #expect(call.operation == .scenePrompts)
        #expect(call.requestedPrompts == count)
        #expect(call.productDescription == "Red sneakers")
    }

    @Test("the answer has OpenAI's envelope")
    func envelope() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }

        let (status, body) = try harness.chat(#"{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}"#)

        #expect(status == 200)
        #expect(body["id"] as? String == "chatcmpl-sandbox-1")
        #expect(body["object"] as? String == "chat.completion")
        #expect(body["model"] as? String == "gpt-4o")
        #expect((body["created"] as? Int ?? 0) > 1_600_000_000)
        let choice = try #require((body["choices"] as? [[String: Any]])?.first)
        let message = try #require(choice["message"] as? [String: Any])
        #expect(message["role"] as? String == "assistant")
        #expect(message["content"] as? String == "Hello from the OpenAI stand-in.")
        #expect(choice["finish_reason"] as? String == "stop")
        let usage = try #require(body["usage"] as? [String: Int])
        #expect(usage["total_tokens"] == (usage["prompt_tokens"] ?? 0) + (usage["completion_tokens"] ?? 0))
    }

    @Test("a wrong key is unauthorized, with OpenAI's error body; a missing key too")
    func wrongKey() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }

        #expect(throws: LLMError.unauthorized) {
            try harness.client(apiKey: "sk-wrong-key-123456").analyzePhoto(imageURL: TestImages.photo, hint: nil, language: "en")
        }
        let body = #"{"model":"m","messages":[{"role":"user","content":"Hi"}]}"#
        let wrong = try harness.post("/v1/chat/completions", json: body, authorization: "Bearer sk-wrong-key-123456")
        #expect(wrong.status == 401)
        let error = OpenAITestHarness.apiError(wrong.body)
        #expect(error["type"] as? String == "invalid_request_error")
        #expect(error["code"] as? String == "invalid_api_key")
        #expect(!(error["message"] as? String ?? "").contains("sk-wrong-key-123456"))
        let missing = try harness.post("/v1/chat/completions", json: body)
        #expect(missing.status == 401)
        #expect(OpenAITestHarness.apiError(missing.body)["code"] is NSNull)
        #expect(harness.standIn.calls.map(\.status) == [401, 401, 401])
    }

    @Test("an unknown model is 404 model_not_found, a bad request to the client")
    func unknownModel() throws {
        let harness = try OpenAITestHarness(configuration: OpenAIStandInConfiguration(knownModels: ["gpt-4o-mini"]))
        defer { harness.stop() }

        #expect {
            try harness.client(model: "gpt-unknown").analyzePhoto(imageURL: TestImages.photo, hint: nil, language: "en")
        } throws: { error in
            guard case LLMError.badRequest(let message) = error else { return false }
            return message.contains("gpt-unknown")
        }
        #expect(harness.standIn.calls.first?.status == 404)
        #expect(harness.standIn.calls.first?.error == "model_not_found")
    }
}

import Foundation
import LLM
import Testing

@Suite("LLMClient.analyzePhoto")
struct PhotoAnalysisTests {
    @Test("sends the model, a system and a user message with text and the image part, the schema and the key")
    func requestShape() throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        server.answerContent(Fixtures.analysisContent(description: "Red sneakers", usable: true, problem: "none"))

        _ = try Fixtures.client(server).analyzePhoto(imageURL: Fixtures.imageURL, hint: "кроссовки\nкрасные", language: "ru")

        let request = try #require(server.requests.first)
        #expect(request.method == .post)
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers["Authorization"] == "Bearer \(Fixtures.apiKey)")
        #expect(request.headers["Content-Type"] == "application/json")
        let body = server.requestJSON()
        #expect(body["model"] as? String == Fixtures.model)
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages.map { $0["role"] as? String } == ["system", "user"])
        let parts = try #require(messages[1]["content"] as? [[String: Any]])
        let text = try #require(parts.first { $0["type"] as? String == "text" }?["text"] as? String)
        #expect(text.contains("Russian"))
        #expect(text.contains("\(LLMConventions.sellerNoteLabel) кроссовки красные"))
        let image = try #require(parts.first { $0["type"] as? String == "image_url" }?["image_url"] as? [String: Any])
        #expect(image["url"] as? String == Fixtures.imageURL)

        let format = try #require(body["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_schema")
        let named = try #require(format["json_schema"] as? [String: Any])
        #expect(named["name"] as? String == LLMConventions.photoAnalysisSchema)
        #expect(named["strict"] as? Bool == true)
        let schema = try #require(named["schema"] as? [String: Any])
        #expect(schema["required"] as? [String] == ["description", "usable", "problem"])
        #expect(schema["additionalProperties"] as? Bool == false)
        let problem = try #require((schema["properties"] as? [String: Any])?["problem"] as? [String: Any])
        #expect(problem["enum"] as? [String] == ["none", "no_product", "human_face", "unclear"])
    }

    @Test("no key, no Authorization header; a trailing slash on the base URL is tolerated")
    func withoutKey() throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        server.answerContent(Fixtures.analysisContent(description: "Mug", usable: true, problem: "none"))
        let client = LLMClient(baseURL: server.baseURL + "/", apiKey: "", model: "m", http: Fixtures.http)

        _ = try client.analyzePhoto(imageURL: Fixtures.imageURL, hint: nil, language: "en")

        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers["Authorization"] == nil)
        let text = String(decoding: request.body, as: UTF8.self)
        #expect(!text.contains(LLMConventions.sellerNoteLabel))
    }

    @Test("usable and problem become the verdict", arguments: [
        (true, "none", PhotoAnalysis.Verdict.usable),
        (false, "none", .unclear),
        (false, "no_product", .noProduct),
        (false, "human_face", .humanFace),
        (true, "human_face", .humanFace),
        (false, "unclear", .unclear),
    ])
    func verdicts(usable: Bool, problem: String, expected: PhotoAnalysis.Verdict) throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        server.answerContent(Fixtures.analysisContent(description: "Blue ceramic mug", usable: usable, problem: problem))

        let analysis = try Fixtures.client(server).analyzePhoto(imageURL: Fixtures.imageURL, hint: nil, language: "en")

        #expect(analysis == PhotoAnalysis(description: "Blue ceramic mug", verdict: expected))
    }

    @Test("a long or multi-line description becomes one line of at most 120 characters")
    func descriptionBounded() throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        let long = "Handmade leather\nbackpack " + String(repeating: "with brass buckles ", count: 20)
        server.answerContent(Fixtures.analysisContent(description: long, usable: true, problem: "none"))

        let analysis = try Fixtures.client(server).analyzePhoto(imageURL: Fixtures.imageURL, hint: nil, language: "en")

        #expect(analysis.description.count <= PhotoAnalysis.maxDescriptionLength)
        #expect(analysis.description.hasPrefix("Handmade leather backpack with brass buckles"))
        #expect(!analysis.description.contains("\n"))
        #expect(!analysis.description.hasSuffix(" "))
    }

    @Test("content that is not the requested JSON is malformed", arguments: [
        "this is not JSON",
        #"{"description":"x","usable":true}"#,
        #"{"description":"x","usable":true,"problem":"cat"}"#,
        #"{"description":"  ","usable":true,"problem":"none"}"#,
        #"["description"]"#,
    ])
    func malformedContent(content: String) throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        server.answerContent(content)

        #expect {
            try Fixtures.client(server).analyzePhoto(imageURL: Fixtures.imageURL, hint: nil, language: "en")
        } throws: { error in
            guard case LLMError.malformed = error else { return false }
            return true
        }
    }
}

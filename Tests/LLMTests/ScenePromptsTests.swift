import Foundation
import LLM
import Testing

@Suite("LLMClient.writePrompts")
struct ScenePromptsTests {
    static let five = [
        "Slow turntable spin of the red sneaker on a white backdrop, soft key light.",
        "Dolly-in close-up on the sneaker's stitching in warm window light.",
        "The sneaker on a concrete step outdoors at golden hour, gentle push-in.",
        "Low-key studio, rim light tracing the sole, slow orbit.",
        "Overhead crane shot descending onto the sneaker on a pastel tabletop.",
    ]

    @Test("asks for exactly count prompts with the description, the image and the scene_prompts schema")
    func requestShape() throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        server.answerContent(Fixtures.promptsContent(Array(Self.five.prefix(3))))

        let prompts = try Fixtures.client(server).writePrompts(
            description: "Red leather sneakers", imageURL: "https://cdn.example/p.jpg", count: 3, format: "9:16")

        #expect(prompts == Array(Self.five.prefix(3)))
        let body = server.requestJSON()
        #expect(body["model"] as? String == Fixtures.model)
        let messages = try #require(body["messages"] as? [[String: Any]])
        let parts = try #require(messages.last?["content"] as? [[String: Any]])
        let text = try #require(parts.first?["text"] as? String)
        #expect(text.contains("exactly 3"))
        #expect(text.contains("vertical 9:16"))
        #expect(text.contains("\(LLMConventions.productLabel) Red leather sneakers"))
        let image = try #require(parts.last?["image_url"] as? [String: Any])
        #expect(image["url"] as? String == "https://cdn.example/p.jpg")
        let named = try #require((body["response_format"] as? [String: Any])?["json_schema"] as? [String: Any])
        #expect(named["name"] as? String == LLMConventions.scenePromptsSchema)
        let schema = try #require(named["schema"] as? [String: Any])
        let array = try #require((schema["properties"] as? [String: Any])?["prompts"] as? [String: Any])
        #expect(array["type"] as? String == "array")
        #expect(array["minItems"] as? Int == 3)
        #expect(array["maxItems"] as? Int == 3)
        #expect(schema["required"] as? [String] == ["prompts"])
    }

    @Test("prompts are sanitised before they are returned")
    func sanitised() throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        server.answerContent(Fixtures.promptsContent([
            "The best sneaker in town, only $49.99, visit https://shop.example/sneaker now.",
            "Slow orbit around the sneaker; call +7 (912) 345-67-89 to order.",
        ]))

        let prompts = try Fixtures.client(server).writePrompts(
            description: nil, imageURL: Fixtures.imageURL, count: 2, format: "16:9")

        #expect(prompts == ["sneaker in town, only, visit now.", "Slow orbit around the sneaker; call to order."])
        #expect(!String(decoding: server.requests[0].body, as: UTF8.self).contains(LLMConventions.productLabel))
    }

    @Test("more prompts than asked: the first count are kept")
    func extraDropped() throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        server.answerContent(Fixtures.promptsContent(Self.five))

        let prompts = try Fixtures.client(server).writePrompts(
            description: "Sneaker", imageURL: Fixtures.imageURL, count: 2, format: "9:16")

        #expect(prompts == Array(Self.five.prefix(2)))
    }

    @Test("too few, repeated or emptied-out prompts are malformed", arguments: [
        [five[0], five[1]],
        [five[0], five[1], "  " + five[0].uppercased() + " "],
        [five[0], five[1], "https://example.com +1 555 123 4567"],
    ])
    func wrongCount(prompts: [String]) throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        server.answerContent(Fixtures.promptsContent(prompts))

        #expect(throws: LLMError.malformed("asked for 3 distinct prompts, got 2")) {
            try Fixtures.client(server).writePrompts(description: nil, imageURL: Fixtures.imageURL, count: 3, format: "9:16")
        }
    }

    @Test("a count outside 1…10 is refused before any request", arguments: [0, -1, 11])
    func countOutOfRange(count: Int) throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }

        #expect {
            try Fixtures.client(server).writePrompts(description: nil, imageURL: Fixtures.imageURL, count: count, format: "9:16")
        } throws: { error in
            guard case LLMError.badRequest = error else { return false }
            return true
        }
        #expect(server.requests.isEmpty)
    }

    @Test("prompts content of the wrong shape is malformed")
    func wrongShape() throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        server.answerContent(#"{"prompts":"one long string"}"#)

        #expect(throws: LLMError.malformed("the content is not the requested JSON")) {
            try Fixtures.client(server).writePrompts(description: nil, imageURL: Fixtures.imageURL, count: 1, format: "9:16")
        }
    }
}

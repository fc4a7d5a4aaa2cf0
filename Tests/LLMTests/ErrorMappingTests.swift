import Foundation
import HTTPClient
import LLM
import Testing

@Suite("LLMClient error mapping")
struct ErrorMappingTests {
    static func errorBody(_ message: String, type: String?, code: String?) -> String {
        ScriptedCompletions.jsonText(["error": [
            "message": message, "type": type.map { $0 as Any } ?? NSNull(), "param": NSNull(),
            "code": code.map { $0 as Any } ?? NSNull(),
        ]])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let status: Int
        let body: String
        let expected: LLMError
        var testDescription: String { "HTTP \(status) → \(expected)" }
    }

    static let cases: [Case] = [
        Case(status: 429, body: errorBody("Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded"),
             expected: .rateLimited),
        Case(status: 429, body: "not json", expected: .rateLimited),
        Case(status: 429, body: errorBody("You exceeded your current quota", type: "insufficient_quota",
                                          code: "insufficient_quota"), expected: .quotaExhausted),
        Case(status: 429, body: errorBody("quota", type: "invalid_request_error", code: "insufficient_quota"),
             expected: .quotaExhausted),
        Case(status: 403, body: errorBody("quota", type: "insufficient_quota", code: nil), expected: .quotaExhausted),
        Case(status: 401, body: errorBody("Incorrect API key provided: sk-test-***cdef.", type: "invalid_request_error",
                                          code: "invalid_api_key"), expected: .unauthorized),
        Case(status: 403, body: errorBody("Country, region, or territory not supported", type: "request_forbidden",
                                          code: "unsupported_country_region_territory"), expected: .unauthorized),
        Case(status: 400, body: errorBody("Invalid image URL.", type: "invalid_request_error", code: "invalid_image_url"),
             expected: .badRequest("Invalid image URL.")),
        Case(status: 404, body: errorBody("The model `gpt-x` does not exist", type: "invalid_request_error",
                                          code: "model_not_found"), expected: .badRequest("The model `gpt-x` does not exist")),
        Case(status: 400, body: errorBody("bad key \(Fixtures.apiKey)\nsecond line", type: nil, code: nil),
             expected: .badRequest("bad key *** second line")),
        Case(status: 422, body: "plain text refusal", expected: .badRequest("plain text refusal")),
        Case(status: 400, body: errorBody("Error while downloading https://x.example/media/p.jpg?sig=secret.", type: nil,
                                          code: "invalid_image_url"),
             expected: .badRequest("Error while downloading https://x.example/media/p.jpg?…")),
        Case(status: 500, body: errorBody("The server had an error", type: "server_error", code: nil),
             expected: .server(status: 500)),
        Case(status: 503, body: "", expected: .server(status: 503)),
        Case(status: 200, body: "<html>proxy page</html>", expected: .malformed("the body is not a chat completion")),
        Case(status: 200, body: #"{"choices":[]}"#, expected: .malformed("the body is not a chat completion")),
    ]

    @Test("each answer maps to its LLMError, and no error mentions the key", arguments: cases)
    func mapping(_ testCase: Case) throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        server.answer(status: testCase.status, json: testCase.body)

        do {
            _ = try Fixtures.client(server).analyzePhoto(imageURL: Fixtures.imageURL, hint: nil, language: "en")
            Issue.record("expected \(testCase.expected)")
        } catch let error as LLMError {
            #expect(error == testCase.expected)
            #expect(!"\(error)".contains(Fixtures.apiKey))
        }
    }

    @Test("a long error message is cut to a bounded length")
    func longMessageBounded() throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        server.answer(status: 400, json: Self.errorBody(String(repeating: "x", count: 5000), type: nil, code: nil))

        #expect {
            try Fixtures.client(server).analyzePhoto(imageURL: Fixtures.imageURL, hint: nil, language: "en")
        } throws: { error in
            guard case LLMError.badRequest(let message) = error else { return false }
            return message.count <= 301
        }
    }

    @Test("a refusal, a cut-off answer or an empty message is malformed")
    func unusableMessages() throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        server.answerMessage(["role": "assistant", "content": NSNull(), "refusal": "I can't help with that."])
        server.answerContent(#"{"description":"Mug","usa"#, finishReason: "length")
        server.answerMessage(["role": "assistant", "content": ""])
        let client = Fixtures.client(server)

        for expected in [
            LLMError.malformed("the model refused: I can't help with that."),
            .malformed("the answer was cut off at the token limit"),
            .malformed("the answer has no content"),
        ] {
            #expect(throws: expected) {
                try client.analyzePhoto(imageURL: Fixtures.imageURL, hint: nil, language: "en")
            }
        }
    }

    @Test("nobody listening is a transport error")
    func connectionRefused() throws {
        let server = try ScriptedCompletions()
        let baseURL = server.baseURL
        server.stop()
        let client = LLMClient(baseURL: baseURL, apiKey: Fixtures.apiKey, model: Fixtures.model, http: Fixtures.http)

        #expect {
            try client.analyzePhoto(imageURL: Fixtures.imageURL, hint: nil, language: "en")
        } throws: { error in
            guard case LLMError.transport(.connect) = error else { return false }
            return true
        }
    }

    @Test("an answer slower than the client's timeout is a transport timeout")
    func timeout() throws {
        let server = try ScriptedCompletions()
        defer { server.stop() }
        server.answer(json: "{}", after: .seconds(3))
        let client = Fixtures.client(server, timeout: .milliseconds(300))

        let started = ContinuousClock.now
        #expect(throws: LLMError.transport(.timeout)) {
            try client.writePrompts(description: nil, imageURL: Fixtures.imageURL, count: 1, format: "9:16")
        }
        #expect(ContinuousClock.now - started < .seconds(2.5))
    }
}

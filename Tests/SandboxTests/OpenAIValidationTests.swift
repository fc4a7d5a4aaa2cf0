import Foundation
import LLM
import Sandbox
import Testing

@Suite("OpenAI stand-in: request validation")
struct OpenAIValidationTests {
    @Test("an image URL that cannot be fetched is 400 invalid_image_url", arguments: ["/missing.jpg", "/slow.jpg"])
    func fetchFailure(path: String) throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }
        let host = try ImageHost()
        defer { host.stop() }

        let started = ContinuousClock.now
        #expect {
            try harness.client().analyzePhoto(imageURL: host.origin + path, hint: nil, language: "en")
        } throws: { error in
            guard case LLMError.badRequest(let message) = error else { return false }
            return message.hasPrefix("Error while downloading")
        }
        #expect(ContinuousClock.now - started < .seconds(2.9))
        #expect(harness.standIn.calls.first?.status == 400)
        #expect(harness.standIn.calls.first?.error == "invalid_image_url")
    }

    @Test("nobody listening at the image URL is 400 too")
    func unreachableImage() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }
        let host = try ImageHost()
        let origin = host.origin
        host.stop()

        #expect {
            try harness.client().writePrompts(description: nil, imageURL: origin + "/photo.jpg", count: 3, format: "9:16")
        } throws: { error in
            guard case LLMError.badRequest = error else { return false }
            return true
        }
    }

    @Test("a faulty request is 400 with OpenAI's error body", arguments: [
        (#"not json"#, nil as String?),
        (#"{"messages":[{"role":"user","content":"Hi"}]}"#, "model"),
        (#"{"model":"m"}"#, "messages"),
        (#"{"model":"m","messages":[]}"#, "messages"),
        (#"{"model":"m","messages":[{"role":"robot","content":"Hi"}]}"#, "messages[0].role"),
        (#"{"model":"m","messages":[{"role":"user"}]}"#, "messages[0].content"),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"audio"}]}]}"#, "messages[0].content[0].type"),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{}}]}]}"#,
         "messages[0].content[0].image_url.url"),
        (#"{"model":"m","messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}}]}]}"#,
         "messages[0].content[0]"),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/y.jpg"}}]}]}"#,
         "messages"),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,!!"}}]}]}"#,
         "messages"),
        (#"{"model":"m","messages":[{"role":"user","content":"Hi"}],"response_format":{"type":"xml"}}"#,
         "response_format.type"),
        (#"{"model":"m","messages":[{"role":"user","content":"Hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"a b","schema":{}}}}"#,
         "response_format.json_schema.name"),
    ])
    func invalid(json: String, param: String?) throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }

        let (status, body) = try harness.chat(json)

        #expect(status == 400)
        let error = OpenAITestHarness.apiError(body)
        #expect(error["type"] as? String == "invalid_request_error")
        #expect(!(error["message"] as? String ?? "").isEmpty)
        if let param { #expect(error["param"] as? String == param) }
    }

    @Test("bytes that are not an image are 400 invalid_image_format, inline or fetched")
    func notAnImage() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }
        let host = try ImageHost()
        defer { host.stop() }

        for url in [TestImages.dataURL(Array("hello".utf8)), host.origin + "/notes.txt"] {
            #expect(throws: (any Error).self) {
                try harness.client().analyzePhoto(imageURL: url, hint: nil, language: "en")
            }
        }
        #expect(harness.standIn.calls.map(\.error) == ["invalid_image_format", "invalid_image_format"])
    }
}

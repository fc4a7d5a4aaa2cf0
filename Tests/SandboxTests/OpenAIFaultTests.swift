import Foundation
import LLM
import Sandbox
import Testing

@Suite("OpenAI stand-in: scripted faults")
struct OpenAIFaultTests {
    @Test("each injected fault reaches the client as its LLMError, once", arguments: [
        (OpenAIFault.rateLimited, LLMError.rateLimited),
        (.quotaExhausted, .quotaExhausted),
        (.serverError, .server(status: 500)),
        (.malformedContent, .malformed("the content is not the requested JSON")),
    ])
    func mapped(fault: OpenAIFault, expected: LLMError) throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }
        harness.standIn.inject(fault)
        let client = harness.client()

        #expect(throws: expected) {
            try client.writePrompts(description: "Mug", imageURL: TestImages.photo, count: 3, format: "9:16")
        }
        #expect(try client.writePrompts(description: "Mug", imageURL: TestImages.photo, count: 3, format: "9:16").count == 3)
        #expect(harness.standIn.calls.map(\.fault) == [fault.name, nil])
    }

    @Test("a fault queued several times hits that many calls")
    func repeated() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }
        harness.standIn.inject(.serverError, times: 2)
        let client = harness.client()

        for _ in 0..<2 {
            #expect(throws: LLMError.server(status: 500)) {
                try client.analyzePhoto(imageURL: TestImages.photo, hint: nil, language: "en")
            }
        }
        #expect(try client.analyzePhoto(imageURL: TestImages.photo, hint: nil, language: "en").verdict == .usable)
        #expect(harness.standIn.pendingFaults.isEmpty)
    }

    @Test("a scripted verdict waits for the next photo analysis", arguments: [
        PhotoAnalysis.Verdict.humanFace, .noProduct, .unclear,
    ])
    func verdict(verdict: PhotoAnalysis.Verdict) throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }
        harness.standIn.inject(.verdict(verdict))
        let client = harness.client()

        _ = try client.writePrompts(description: nil, imageURL: TestImages.photo, count: 1, format: "9:16")
        #expect(harness.standIn.pendingFaults == [.verdict(verdict)])
        #expect(try client.analyzePhoto(imageURL: TestImages.photo, hint: "Mug", language: "en").verdict == verdict)
        #expect(try client.analyzePhoto(imageURL: TestImages.photo, hint: "Mug", language: "en").verdict == .usable)
    }

    @Test("a slow answer beyond the client's timeout is a transport timeout; within it, a normal answer")
    func slow() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }
        harness.standIn.inject(.slow(.seconds(3)))
        harness.standIn.inject(.slow(.milliseconds(100)))

        #expect(throws: LLMError.transport(.timeout)) {
            try harness.client(timeout: .milliseconds(300)).analyzePhoto(imageURL: TestImages.photo, hint: nil, language: "en")
        }
        #expect(try harness.client().analyzePhoto(imageURL: TestImages.photo, hint: "Mug", language: "en").description == "Mug, landscape shot")
    }

    @Test("calls refused before the model runs do not use up a queued fault")
    func refusedCallsKeepFaults() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }
        harness.standIn.inject(.quotaExhausted)

        #expect(throws: LLMError.unauthorized) {
            try harness.client(apiKey: "sk-wrong").analyzePhoto(imageURL: TestImages.photo, hint: nil, language: "en")
        }
        #expect(throws: (any Error).self) {
            try harness.client().analyzePhoto(imageURL: "ftp://nowhere/x.jpg", hint: nil, language: "en")
        }
        #expect(harness.standIn.pendingFaults == [.quotaExhausted])
        #expect(throws: LLMError.quotaExhausted) {
            try harness.client().analyzePhoto(imageURL: TestImages.photo, hint: nil, language: "en")
        }
    }
}

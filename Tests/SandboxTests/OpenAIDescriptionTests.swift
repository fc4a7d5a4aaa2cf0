import Foundation
import LLM
import Testing
@testable import Sandbox

/// The OpenAI stand-in answers like a model: the description is built from the seller's words, a sample's name, the
/// photo's colours and shape; the scene prompts are five concrete scenes of that product.
@Suite("OpenAI stand-in: descriptions and scenes")
struct OpenAIDescriptionTests {
    /// A red product on a white backdrop, portrait.
    static let photo = TestPNG.make(width: 90, height: 160, background: (250, 250, 250), product: (200, 30, 40))
    static var hasFFmpeg: Bool { FFmpeg.locate() != nil }

    @Test("the description names the caption the photo was sent with, its colours and its orientation")
    func descriptionFromCaptionAndColours() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }
        harness.standIn.readCaptions { $0 == Self.photo ? "red shoe box, size 42" : nil }

        let analysis = try harness.client().analyzePhoto(imageURL: TestImages.dataURL(Self.photo, type: "image/png"),
                                                         hint: nil, language: "en")

        let expected = Self.hasFFmpeg ? "Red shoe box, size 42 — red on a white background, portrait shot"
            : "Red shoe box, size 42, portrait shot"
        #expect(analysis == PhotoAnalysis(description: expected, verdict: .usable))
        #expect(harness.standIn.calls.first?.hint == "red shoe box, size 42")
    }

    @Test("in Russian when the bot asks for Russian")
    func russianDescription() throws {
        guard Self.hasFFmpeg else { return }
        let harness = try OpenAITestHarness()
        defer { harness.stop() }

        let analysis = try harness.client().analyzePhoto(imageURL: TestImages.dataURL(Self.photo, type: "image/png"),
                                                         hint: "красная коробка", language: "ru")

        #expect(analysis.description == "Красная коробка — красный на белом фоне, вертикальное фото")
    }

    @Test("a sample photo without a caption is described by the name in its JPEG comment")
    func sampleName() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }
        let header = TestImages.jpeg(width: 960, height: 1280)
        let named = Array(header.prefix(2)) + JPEGSegments.commentSegment(SamplePhotoName.prefix + "Green bottle")
            + Array(header.dropFirst(2))

        let analysis = try harness.client().analyzePhoto(imageURL: TestImages.dataURL(named), hint: nil, language: "en")

        #expect(analysis.description == "Green bottle, portrait shot")
        #expect(SamplePhotoName.read("Lavc59.37.100") == nil, "other comments are not names")
    }

    @Test("five scene prompts: a turntable, a lifestyle scene, a close-up, an unboxing, a demo, each its own motion")
    func fiveScenes() throws {
        let harness = try OpenAITestHarness()
        defer { harness.stop() }

        let prompts = try harness.client().writePrompts(
            description: "Red shoe box, size 42 — red on a white background, portrait shot",
            imageURL: TestImages.dataURL(Self.photo, type: "image/png"), count: 5, format: "9:16")

        let openings = ["Studio turntable:", "Lifestyle scene:", "Close-up of a detail:", "Unboxing:", "Hands-on demo:"]
        #expect(zip(prompts, openings).allSatisfy { $0.hasPrefix($1) })
        #expect(prompts.allSatisfy { $0.contains("the red shoe box, size 42") && !$0.contains("portrait shot") })
        #expect(prompts.allSatisfy { $0.contains("Vertical 9:16 framing") && $0.contains("exactly as in the photo") })
        if Self.hasFFmpeg { #expect(prompts.allSatisfy { $0.contains("red colours") }) }
        #expect(Set(prompts.map(SceneMotion.init(prompt:))).count == 5, "the KIE stand-in moves each its own way")
        #expect(prompts.allSatisfy { PromptSanitizer.sanitize($0) == $0 }, "nothing a marketplace forbids")
    }

    @Test("more prompts than scenes come round again as variations, all distinct")
    func variations() {
        let prompts = ScenePromptWriter.prompts(description: "белая кружка", palette: nil, framing: "horizontal 16:9", count: 7)
        #expect(Set(prompts).count == 7)
        #expect(prompts[5].hasPrefix("Variation 2") && prompts[5].contains("Studio turntable"))
        #expect(prompts.allSatisfy { $0.contains("the product (белая кружка)") && $0.contains("Horizontal 16:9 framing") })
    }

    @Test("colours are named as a person would", arguments: [
        ((250, 250, 250), ColourName.white), ((128, 128, 128), .grey), ((20, 20, 20), .black), ((200, 30, 40), .red),
        ((225, 201, 189), .beige), ((47, 143, 111), .green), ((40, 90, 200), .blue), ((20, 30, 80), .navy),
        ((185, 212, 217), .lightBlue), ((240, 200, 40), .yellow), ((110, 60, 30), .brown), ((130, 50, 170), .purple),
    ] as [((UInt8, UInt8, UInt8), ColourName)])
    func colourNames(rgb: (UInt8, UInt8, UInt8), name: ColourName) {
        #expect(ColourName(red: rgb.0, green: rgb.1, blue: rgb.2) == name)
    }
}

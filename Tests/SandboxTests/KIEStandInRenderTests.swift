import Foundation
import HTTPClient
import KIE
import LLM
import Testing
@testable import Sandbox

/// The KIE stand-in's videos are made from the task's real inputs: the photo it fetched, the duration and aspect
/// ratio asked for, and the prompt, whose scene sets the camera move and is drawn as a caption.
@Suite struct KIEStandInRenderTests {
    /// A blue product on a beige backdrop, in the 9:16 the bot pads photos to.
    static let photo = TestPNG.make(width: 180, height: 320, background: (235, 225, 210), product: (40, 90, 200))

    static let scenes = [
        "Studio turntable: the product turns slowly on a white turntable against a seamless backdrop.",
        "Lifestyle scene: the product on a sunlit oak kitchen table beside a linen napkin, the camera glides right.",
        "Close-up of a detail: a slow macro push-in on the product's surface, edges and logo.",
        "Unboxing: hands open a plain kraft gift box and lift out the product; the camera pulls back.",
        "Hands-on demo: a hand picks up the product and shows it in use; the camera tilts up slowly.",
    ]

    /// The result video of `taskID`, downloaded, for ffprobe and ffmpeg to look at.
    func video(_ harness: KIETestHarness, _ taskID: String) throws -> VideoProbe {
        let callback = try #require(harness.callbacks(for: taskID).first)
        #expect(callback.succeeded)
        let url = try #require(callback.record.resultURLs.first)
        return try VideoProbe(bytes: harness.http.send(HTTPClientRequest(url: url)).requireSuccess().body)
    }

    struct Shape: Sendable, CustomStringConvertible {
        let model: KIEModel
        let format: String
        let seconds: Int
        let width: Int
        let height: Int
        var description: String { "\(model.slug) \(format) \(seconds) s" }
    }

    @Test(arguments: [
        Shape(model: KIECatalogue.seedance15Pro, format: "9:16", seconds: 5, width: 240, height: 426),
        Shape(model: KIECatalogue.grokImagineVideo15Preview, format: "16:9", seconds: 6, width: 426, height: 240),
        // No aspect field: the video takes the photo's shape, whatever format the bot had in mind.
        Shape(model: KIECatalogue.klingV3Turbo, format: "16:9", seconds: 4, width: 240, height: 426),
    ])
    func theVideoHasTheRequestedLengthAndShape(shape: Shape) throws {
        let harness = try KIETestHarness(photo: Self.photo)
        guard harness.standIn.videoMethod == "ffmpeg", VideoProbe.available else { return }
        let probe = try video(harness, try harness.create(model: shape.model, format: shape.format, seconds: shape.seconds))
        defer { probe.remove() }

        let stream = try probe.stream()
        #expect(stream.width == shape.width && stream.height == shape.height)
        #expect(abs(stream.seconds - Double(shape.seconds)) < 0.2)
    }

    @Test func fiveScenesMakeFiveDifferentVideosOfThePhoto() throws {
        let harness = try KIETestHarness(photo: Self.photo)
        guard harness.standIn.videoMethod == "ffmpeg", VideoProbe.available else { return }
        let photo = try VideoProbe(bytes: Self.photo, suffix: ".png")
        defer { photo.remove() }
        let photoColour = try photo.middleColour()

        let taskIDs = try Self.scenes.enumerated().map { index, prompt in
            try harness.create(name: "scene-\(index)", prompt: prompt)
        }
        let probes = try taskIDs.map { try video(harness, $0) }
        defer { probes.forEach { $0.remove() } }

        var middles: [[UInt8]] = []
        for probe in probes {
            // The first frame is the photo (the caption sits below the middle), then the camera moves.
            let first = try probe.middleColour(at: 0)
            #expect(VideoProbe.distance(first, photoColour) < 25, "first frame \(first) against the photo's \(photoColour)")
            let start = try probe.thumbnail(at: 0), end = try probe.thumbnail(at: 4.5)
            #expect(VideoProbe.difference(start, end) > 1, "the camera moves")
            middles.append(try probe.thumbnail(at: 2.5))
        }
        for first in middles.indices {
            for second in middles.indices where second > first {
                #expect(VideoProbe.difference(middles[first], middles[second]) > 1,
                        "scenes \(first + 1) and \(second + 1) look alike")
            }
        }
    }

    @Test func eachSceneOfThePromptWritersHasItsOwnMotion() {
        #expect(Set(Self.scenes.map(SceneMotion.init(prompt:))).count == Self.scenes.count)
        // The bot's fallback templates (when the LLM is down) move five ways too.
        let templates = PromptTemplates.prompts(description: "red sneakers", count: 5, format: "9:16")
        #expect(Set(templates.map(SceneMotion.init(prompt:))).count == 5)
        // A prompt naming no scene always gets the same move.
        #expect(SceneMotion(prompt: "A mug.") == SceneMotion(prompt: "A mug."))
    }

    @Test func anUndecodablePhotoFailsTheTaskAsKIEDoes() throws {
        let harness = try KIETestHarness()
        guard harness.standIn.videoMethod == "ffmpeg" else { return }
        let taskID = try harness.create(imageURL: harness.peer.corruptPhotoURL)
        let callback = try #require(harness.callbacks(for: taskID).first)
        #expect(callback.code == 501)
        #expect(callback.record.failCode == "400")
        #expect(callback.record.failMessage?.contains("could not be decoded") == true)
        #expect(harness.standIn.credits(apiKey: KIETestHarness.key) == 100_000)
    }

    @Test func everyPhotoOfTheTaskIsFetched() throws {
        let harness = try KIETestHarness()
        let body = #"{"model":"bytedance/seedance-1.5-pro","callBackUrl":"\#(harness.peer.callbackURL("both"))","#
            + #""input":{"prompt":"A mug on a table","aspect_ratio":"9:16","duration":5,"#
            + #""input_urls":["\#(harness.peer.photoURL)","\#(harness.peer.missingPhotoURL)"]}}"#
        let created = try harness.rawCreate(body)
        let taskID = try #require((created.body["data"] as? [String: Any])?["taskId"] as? String)
        let callback = try #require(harness.callbacks(for: taskID).first)
        #expect(callback.record.failCode == "451")
        #expect(callback.record.failMessage?.contains("404") == true)
    }

    @Test func theCaptionIsWrappedInWholeWordsAndCut() {
        let lines = Caption.wrap("Studio turntable: the product turns slowly on a white turntable against a seamless backdrop.",
                                 perLine: 20, maxLines: 3)
        #expect(lines == ["Studio turntable:", "the product turns", "slowly on a white…"])
        #expect(Caption.wrap("short", perLine: 20, maxLines: 3) == ["short"])
        #expect(lines.allSatisfy { $0.count <= 20 })
        let caption = Caption(prompt: Self.scenes[0], frameWidth: 720, frameHeight: 1280)
        #expect(caption.fontSize == 30)
        #expect(caption.lines.count <= 5)
    }

    @Test func theRequestIsReadAsTheModelShapesIt() {
        let kling = VideoRequest(input: ["duration": .string("10"), "resolution": .string("1080p")], model: KIECatalogue.klingV3Turbo)
        #expect(kling.seconds == 10 && kling.aspectRatio == nil && kling.shortSide == 1080)
        #expect(kling.frame(photoWidth: 960, photoHeight: 1280, maxShortSide: 720) == (720, 960))
        let seedance = VideoRequest(input: KIECatalogue.seedance15Pro.input(prompt: "p", imageURL: "u", format: "16:9"),
                                    model: KIECatalogue.seedance15Pro)
        #expect(seedance.seconds == 5 && seedance.aspectRatio == .init(width: 16, height: 9) && seedance.shortSide == 720)
        #expect(seedance.frame(photoWidth: 720, photoHeight: 1280, maxShortSide: 720) == (1280, 720))
        #expect(seedance.frame(photoWidth: nil, photoHeight: nil, maxShortSide: 360) == (640, 360))
    }
}

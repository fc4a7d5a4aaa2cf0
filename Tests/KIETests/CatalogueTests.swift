import KIE
import Testing

@Suite struct CatalogueTests {
    private let photo = "https://example.test/media/photo.jpg"

    @Test func seedanceTakesAnInputURLsArrayANumberDurationAndTheAspectRatio() {
        let input = KIECatalogue.seedance15Pro.input(prompt: "A red mug turns slowly", imageURL: photo, format: "9:16")
        #expect(input == [
            "prompt": .string("A red mug turns slowly"),
            "input_urls": .array([.string(photo)]),
            "aspect_ratio": .string("9:16"),
            "duration": .integer(5),
            "resolution": .string("720p"),
            "generate_audio": .bool(false),
        ])
        #expect(KIECatalogue.defaultModel == KIECatalogue.seedance15Pro)
    }

    @Test func v1ProFastTakesAnImageURLStringAndAStringDuration() {
        let input = KIECatalogue.bytedanceV1ProFast.input(prompt: "A red mug", imageURL: photo, format: "16:9")
        #expect(input["image_url"] == .string(photo))
        #expect(input["duration"] == .string("5"))
        #expect(input["aspect_ratio"] == nil)
        #expect(KIECatalogue.bytedanceV1ProFast.followsImageAspectRatio)
    }

    @Test func klingV3TurboTakesImageURLsAndAStringDurationWithoutAspectField() {
        let input = KIECatalogue.klingV3Turbo.input(prompt: "A red mug", imageURL: photo, format: "9:16")
        #expect(input["image_urls"] == .array([.string(photo)]))
        #expect(input["duration"] == .string("5"))
        #expect(input["resolution"] == .string("720p"))
        #expect(input.keys.sorted() == ["duration", "image_urls", "prompt", "resolution"])
    }

    @Test func wanTakesAFirstFrameURLAndAnIntegerDuration() {
        let input = KIECatalogue.wan27.input(prompt: "A red mug", imageURL: photo, format: "9:16")
        #expect(input["first_frame_url"] == .string(photo))
        #expect(input["duration"] == .integer(5))
    }

    @Test func grokTakesImageURLsAndItsAspectRatio() {
        let input = KIECatalogue.grokImagineVideo15Preview.input(prompt: "A red mug", imageURL: photo, format: "16:9")
        #expect(input["image_urls"] == .array([.string(photo)]))
        #expect(input["aspect_ratio"] == .string("16:9"))
        #expect(input["duration"] == .integer(5))
    }

    @Test func durationsAreRoundedToOneTheModelAccepts() {
        #expect(KIECatalogue.hailuo23Standard.input(prompt: "p p p", imageURL: photo, format: "9:16")["duration"] == .string("6"))
        #expect(KIECatalogue.bytedanceV1ProFast.input(prompt: "p", imageURL: photo, format: "9:16", seconds: 9)["duration"] == .string("10"))
        #expect(KIECatalogue.seedance15Pro.input(prompt: "ppp", imageURL: photo, format: "9:16", seconds: 30)["duration"] == .integer(12))
    }

    @Test(arguments: KIECatalogue.all)
    func everyModelsOwnInputPassesItsOwnRules(model: KIEModel) {
        for format in model.formats {
            let input = model.input(prompt: "A ceramic mug on a wooden table", imageURL: photo, format: format)
            #expect(model.violation(in: input) == nil, "\(model.slug) \(format)")
        }
        #expect(model.endpoint == "/api/v1/jobs/createTask")
        #expect(KIECatalogue.model(slug: model.slug) == model)
    }

    @Test func theRulesRejectWhatKIERejects() {
        var input = KIECatalogue.seedance15Pro.input(prompt: "A red mug", imageURL: photo, format: "9:16")
        input["duration"] = .string("5")
        #expect(KIECatalogue.seedance15Pro.violation(in: input)?.code == 422)
        input["duration"] = nil
        #expect(KIECatalogue.seedance15Pro.violation(in: input) == KIEInputViolation(code: 500, message: "duration is required"))

        var kling = KIECatalogue.klingV3Turbo.input(prompt: "A red mug", imageURL: photo, format: "9:16")
        kling["duration"] = .integer(5)
        #expect(KIECatalogue.klingV3Turbo.violation(in: kling)?.code == 422)
        kling["duration"] = .string("20")
        #expect(KIECatalogue.klingV3Turbo.violation(in: kling)?.code == 422)

        var grok = KIECatalogue.grokImagineVideo15Preview.input(prompt: "A red mug", imageURL: photo, format: "9:16")
        grok["generate_audio"] = .bool(false)
        #expect(KIECatalogue.grokImagineVideo15Preview.violation(in: grok)?.code == 422)

        var v1 = KIECatalogue.bytedanceV1ProFast.input(prompt: "A red mug", imageURL: photo, format: "9:16")
        v1["image_url"] = .array([.string(photo)])
        #expect(KIECatalogue.bytedanceV1ProFast.violation(in: v1)?.code == 422)
        #expect(KIECatalogue.model(slug: "sora-2-image-to-video") == nil)
    }

    @Test func pricesScaleTheBasePriceAndRoundUp() {
        #expect(KIECatalogue.seedance15Pro.price(basePrice: 10) == 10)
        #expect(KIECatalogue.klingV3Turbo.price(basePrice: 5) == 8)
        #expect(KIECatalogue.seedance15Pro.price(basePrice: 0) == 1)
    }
}

import Testing
@testable import Bot

/// The photo's header read without decoding it: kind and size from real images, and every way a hostile file
/// tries to hide what it is or how big it is.
@Suite struct ImageHeaderTests {
    @Test(arguments: [
        ("jpg", [String](), ImageHeader.Kind.jpeg),
        ("png", [], .png),
        ("png", ["-pix_fmt", "rgba"], .png),
        ("webp", ["-c:v", "libwebp", "-lossless", "0"], .webp),
        ("webp", ["-c:v", "libwebp", "-lossless", "1"], .webp),
        ("webp", ["-c:v", "libwebp", "-lossless", "0", "-pix_fmt", "yuva420p"], .webp),
    ])
    func realImagesGiveTheirKindAndSize(fileExtension: String, options: [String], kind: ImageHeader.Kind) throws {
        for (width, height) in [(64, 48), (333, 17), (17, 1001)] {
            let bytes = try TestImages.make(fileExtension, width: width, height: height, options: options)
            #expect(try ImageHeader.read(bytes) == ImageHeader(kind: kind, width: width, height: height),
                    "\(fileExtension) \(options) \(width)x\(height)")
        }
    }

    @Test(arguments: [
        ("svg", Array(#"<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"/>"#.utf8)),
        ("html", Array("<!DOCTYPE html><html><body><img src=x></body></html>".utf8)),
        ("text", Array("just some words, not a picture".utf8)),
        ("gif", Array("GIF89a".utf8) + [0x10, 0x27, 0x10, 0x27]),
        ("mp4", [0, 0, 0, 0x18] + Array("ftypisom".utf8)),
        ("empty", []),
    ])
    func anythingElseIsAnUnknownFormat(name: String, bytes: [UInt8]) {
        #expect(throws: ImageHeader.Rejection.unknownFormat, "\(name)") { try ImageHeader.read(bytes) }
    }

    @Test func aJPEGCutBeforeItsFrameHeaderIsTruncated() throws {
        let jpeg = try TestImages.make("jpg", width: 64, height: 48)
        let frame = try #require(jpeg.indices.first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        for cut in [3, 10, frame, frame + 6] {
            #expect(throws: ImageHeader.Rejection.truncated, "cut at \(cut)") { try ImageHeader.read(Array(jpeg.prefix(cut))) }
        }
    }

    @Test func garbageAfterAJPEGSignatureIsRefused() {
        let garbage: [UInt8] = [0xFF, 0xD8, 0xFF] + Array("this is not a jpeg at all".utf8)
        #expect(throws: ImageHeader.Rejection.self) { try ImageHeader.read(garbage) }
        let noFrame: [UInt8] = [0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, 0x41, 0x42, 0xFF, 0xD9]
        #expect(throws: ImageHeader.Rejection.malformed("JPEG has no frame header")) { try ImageHeader.read(noFrame) }
        let deferredHeight = [0xFF, 0xD8] + TestImages.startOfFrame(width: 640, height: 0) + [0xFF, 0xD9]
        #expect(throws: ImageHeader.Rejection.self) { try ImageHeader.read(deferredHeight) }
    }

    /// A decoder re-sizes on every frame header, so one hidden after the first scan counts too.
    @Test func aSecondFrameHeaderCannotHideBehindASmallFirstOne() throws {
        let jpeg = try TestImages.make("jpg", width: 64, height: 48)
        #expect(jpeg.suffix(2) == [0xFF, 0xD9])
        let hidden = Array(jpeg.dropLast(2)) + TestImages.startOfFrame(width: 60000, height: 60000) + [0xFF, 0xD9]
        #expect(try ImageHeader.read(hidden) == ImageHeader(kind: .jpeg, width: 60000, height: 60000))
    }

    @Test func aPNGHeaderIsTakenAtItsWord() throws {
        #expect(try ImageHeader.read(TestImages.pngHeader(width: 100_000, height: 100_000))
            == ImageHeader(kind: .png, width: 100_000, height: 100_000))
        #expect(throws: ImageHeader.Rejection.truncated) {
            try ImageHeader.read(Array(TestImages.pngHeader(width: 10, height: 10).prefix(20)))
        }
        #expect(throws: ImageHeader.Rejection.self) { try ImageHeader.read(TestImages.pngHeader(width: 0, height: 10)) }
        var otherFirstChunk = TestImages.pngHeader(width: 10, height: 10)
        otherFirstChunk.replaceSubrange(12..<16, with: Array("tEXt".utf8))
        #expect(throws: ImageHeader.Rejection.self) { try ImageHeader.read(otherFirstChunk) }
    }

    /// An extended WebP's canvas and its bitstream each state a size; the larger one counts.
    @Test func anExtendedWebPCannotHideAHugeBitstreamBehindASmallCanvas() throws {
        let hiding = TestImages.webp([("VP8X", TestImages.extendedHeader(width: 16, height: 16)),
                                      ("VP8L", TestImages.losslessHeader(width: 16000, height: 16000))])
        #expect(try ImageHeader.read(hiding) == ImageHeader(kind: .webp, width: 16000, height: 16000))
        let hugeCanvas = TestImages.webp([("VP8X", TestImages.extendedHeader(width: 1 << 24, height: 1 << 24)),
                                          ("VP8L", TestImages.losslessHeader(width: 16, height: 16))])
        #expect(try ImageHeader.read(hugeCanvas) == ImageHeader(kind: .webp, width: 1 << 24, height: 1 << 24))
    }

    @Test func anAnimatedOrHeaderOnlyWebPIsRefused() {
        let animated = TestImages.webp([("VP8X", TestImages.extendedHeader(width: 16, height: 16, flags: 0x02)),
                                        ("ANIM", [0, 0, 0, 0, 0, 0]), ("ANMF", [UInt8](repeating: 0, count: 16))])
        #expect(throws: ImageHeader.Rejection.malformed("animated WebP")) { try ImageHeader.read(animated) }
        let canvasOnly = TestImages.webp([("VP8X", TestImages.extendedHeader(width: 16, height: 16))])
        #expect(throws: ImageHeader.Rejection.truncated) { try ImageHeader.read(canvasOnly) }
        let unknownChunk = TestImages.webp([("ABCD", [1, 2, 3, 4])])
        #expect(throws: ImageHeader.Rejection.self) { try ImageHeader.read(unknownChunk) }
    }
}

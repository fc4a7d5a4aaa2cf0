import Testing
@testable import Bot

/// A decompression bomb is refused from its header, before anything decodes it.
@Suite struct PhotoLimitsTests {
    let limits = PhotoLimits()

    @Test func aPhotoWithinTheLimitsPasses() throws {
        let jpeg = try TestImages.make("jpg", width: 640, height: 480)
        #expect(try limits.check(jpeg) == ImageHeader(kind: .jpeg, width: 640, height: 480))
        #expect(try limits.check(TestImages.pngHeader(width: 12_000, height: 3_000)).pixels == 36_000_000)
    }

    @Test func tooManyPixelsOrTooLongASideIsRefused() {
        for (width, height) in [(100_000, 100_000), (7_000, 7_000), (12_001, 10), (10, 12_001)] {
            #expect(throws: PhotoRefusal(reason: .tooManyPixels(width: width, height: height))) {
                try limits.check(TestImages.pngHeader(width: UInt32(width), height: UInt32(height)))
            }
        }
    }

    @Test func aHugeJPEGMadeByFFmpegIsRefused() throws {
        let long = try TestImages.make("jpg", width: 12_800, height: 16)
        #expect(throws: PhotoRefusal(reason: .tooManyPixels(width: 12_800, height: 16))) { try limits.check(long) }
    }

    @Test func aNonImageIsRefusedAsUnreadable() {
        #expect(throws: PhotoRefusal(reason: .unreadable(.unknownFormat))) {
            try limits.check(Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8))
        }
    }
}

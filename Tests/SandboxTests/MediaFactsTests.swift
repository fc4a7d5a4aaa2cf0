import Foundation
import Testing
@testable import Sandbox

/// What the stand-ins read from files without decoding them: an MP4's length and size (as Telegram fills a sent
/// video's), a JPEG's size and comment.
@Suite struct MediaFactsTests {
    @Test func anMP4sLengthAndSizeAreReadFromItsBoxes() throws {
        #expect(Self.fields(MP4Facts(MinimalMP4.bytes(seconds: 7))) == [7, nil, nil])
        #expect(Self.fields(MP4Facts(Array("not a video at all".utf8))) == [nil, nil, nil])
        guard VideoProbe.available else { return }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("facts-\(UUID().uuidString).mp4").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: VideoProbe.ffmpeg)
        process.arguments = ["-v", "error", "-f", "lavfi", "-i", "color=c=red:s=320x568:r=12:d=3", "-f", "lavfi",
                             "-i", "anullsrc=r=8000", "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", path]
        try process.run()
        process.waitUntilExit()
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(Self.fields(MP4Facts(Array(bytes))) == [3, 320, 568])
    }

    static func fields(_ facts: MP4Facts) -> [Int?] {
        [facts.seconds, facts.width, facts.height]
    }

    @Test func aJPEGsSizeAndCommentAreReadFromItsSegments() {
        let header = TestImages.jpeg(width: 960, height: 1280)
        let named = Array(header.prefix(2)) + JPEGSegments.commentSegment("NeuroCards sample: Shoe box") + header.dropFirst(2)
        #expect(JPEGSegments.dimensions(named).map { [$0.width, $0.height] } == [960, 1280])
        #expect(JPEGSegments.comment(named) == "NeuroCards sample: Shoe box")
        #expect(JPEGSegments.comment(header) == nil)
        #expect(ImageFacts(named)?.orientation == .portrait)
    }
}

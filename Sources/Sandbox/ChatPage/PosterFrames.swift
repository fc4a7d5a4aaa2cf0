import Foundation
import Signing
import Synchronization

/// A video's first frame as a small JPEG, for the page's `<video poster>`: Telegram shows a video's thumbnail until
/// it plays, and so does the page. Made with ffmpeg once per file and kept (the most recent `capacity`).
final class PosterFrames: Sendable {
    static let capacity = 200
    static let width = 360

    private let ffmpeg: FFmpeg?
    private let directory = NSTemporaryDirectory()
    private let made = Mutex<(posters: [String: [UInt8]], order: [String])>(([:], []))

    init(ffmpeg: FFmpeg? = FFmpeg.locate()) {
        self.ffmpeg = ffmpeg
    }

    /// The poster of the video `bytes` stored as `fileID`; nil when there is no ffmpeg or it cannot read the video.
    func poster(fileID: String, video bytes: [UInt8]) -> [UInt8]? {
        if let known = made.withLock({ $0.posters[fileID] }) { return known }
        guard let ffmpeg else { return nil }
        let path = directory + "poster-\(Signing.hex(Signing.randomBytes(8))).mp4"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return nil }
        defer { unlink(path) }
        let run = ffmpeg.run(["-threads", "1", "-i", path, "-frames:v", "1", "-vf", "scale=\(Self.width):-2",
                              "-q:v", "4", "-f", "mjpeg", "-"], timeout: .seconds(10), maxOutputBytes: 1 << 20)
        guard run.succeeded, !run.output.isEmpty else { return nil }
        made.withLock { made in
            made.posters[fileID] = run.output
            made.order.append(fileID)
            if made.order.count > Self.capacity { made.posters[made.order.removeFirst()] = nil }
        }
        return run.output
    }
}

import Dispatch
import Foundation
import Logging
import Signing
import Synchronization

/// Makes the result MP4 of a task: from the submitted photo with ffmpeg when it is installed (H.264, yuv420p,
/// even dimensions, a few seconds), else ffmpeg's test pattern, else a minimal container written in code.
/// Videos are cached per photo, so a thousand tasks with the same photo encode once.
final class VideoMaker: Sendable {
    private let directory: String
    private let settings: KIEStandInConfiguration.VideoSettings
    private let ffmpeg: String?
    private let encodeSlots: DispatchSemaphore
    private let cache = Mutex<[String: String]>([:])
    private let logger: Logger

    init(directory: String, settings: KIEStandInConfiguration.VideoSettings, logger: Logger) {
        self.directory = directory
        self.settings = settings
        self.logger = logger
        encodeSlots = DispatchSemaphore(value: settings.maxConcurrentEncodes)
        ffmpeg = settings.useFFmpeg ? Self.locateFFmpeg(settings.ffmpegPath) : nil
    }

    /// Which way videos are made, for logs and tests: "ffmpeg" or "in-code".
    var method: String { ffmpeg == nil ? "in-code" : "ffmpeg" }

    /// The path of the video for `photo`, made now unless made before.
    func video(for photo: [UInt8]) -> String {
        let key = Signing.hex(Signing.sha256(photo))
        if let cached = cachedPath(key) { return cached }
        encodeSlots.wait()
        defer { encodeSlots.signal() }
        if let cached = cachedPath(key) { return cached }

        let output = "\(directory)/video-\(key).mp4"
        let made = encode(photo: photo, key: key, to: output)
        if !made, !FileManager.default.createFile(atPath: output, contents: Data(MinimalMP4.bytes(seconds: settings.seconds))) {
            logger.error("kie stand-in: cannot write a result video", metadata: ["path": "\(output)"])
        }
        cache.withLock { $0[key] = output }
        return output
    }

    private func cachedPath(_ key: String) -> String? {
        cache.withLock { $0[key] }.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }

    /// Tries ffmpeg on the photo, then on its test pattern; writes beside `destination` and renames on success.
    private func encode(photo: [UInt8], key: String, to destination: String) -> Bool {
        guard let ffmpeg else { return false }
        let input = "\(directory)/photo-\(key)"
        let partial = "\(directory)/video-\(key).partial.mp4"
        defer {
            unlink(input)
            unlink(partial)
        }
        guard FileManager.default.createFile(atPath: input, contents: Data(photo)) else { return false }
        let width = settings.maxWidth / 2 * 2
        let scale = "scale='trunc(min(iw\\,\(width))/2)*2':-2,format=yuv420p"
        let common = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
        let outputArguments = ["-t", String(settings.seconds), "-movflags", "+faststart", "-an", "-f", "mp4", partial]
        let attempts: [[String]] = [
            common + ["-loop", "1", "-framerate", "12", "-i", input, "-vf", scale, "-c:v", "libx264", "-preset", "ultrafast"] + outputArguments,
            common + ["-loop", "1", "-framerate", "12", "-i", input, "-vf", scale, "-c:v", "mpeg4"] + outputArguments,
            common + ["-f", "lavfi", "-i", "testsrc=size=\(width)x\(width * 16 / 9 / 2 * 2):rate=12",
                      "-vf", "format=yuv420p", "-c:v", "libx264", "-preset", "ultrafast"] + outputArguments,
            common + ["-f", "lavfi", "-i", "testsrc=size=\(width)x\(width * 16 / 9 / 2 * 2):rate=12", "-c:v", "mpeg4"] + outputArguments,
        ]
        for arguments in attempts where run(ffmpeg, arguments) {
            if rename(partial, destination) == 0 { return true }
        }
        logger.warning("kie stand-in: ffmpeg could not make a video, writing a minimal MP4")
        return false
    }

    private func run(_ executable: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        let deadline = ContinuousClock.now + settings.encodeTimeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                process.waitUntilExit()
                return false
            }
            usleep(5_000)
        }
        return process.terminationStatus == 0
    }

    private static func locateFFmpeg(_ configured: String?) -> String? {
        let candidates = configured.map { [$0] } ?? ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg", "/opt/homebrew/bin/ffmpeg"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

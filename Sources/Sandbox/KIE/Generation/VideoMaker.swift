import Dispatch
import Foundation
import Logging
import Signing
import Synchronization

/// Makes the result MP4 of a task from its real inputs: the photo KIE fetched, framed to the requested aspect ratio
/// and length, moved as the scene's `SceneMotion` says, with the scene prompt drawn as a caption (H.264, yuv420p).
/// Without ffmpeg a minimal container is written in code. Videos are cached per photo and scene, so a thousand
/// tasks with the same photo and prompt encode once.
final class VideoMaker: Sendable {
    /// What became of a task's video.
    enum Outcome: Sendable, Equatable {
        case made(path: String)
        /// ffmpeg could not decode the photo (KIE fails such a task).
        case undecodablePhoto
    }

    /// One scene to render: the prompt and what the task asked for.
    struct Scene: Sendable {
        var prompt: String
        var request: VideoRequest

        /// Everything but the photo that shapes the video.
        var fingerprint: String {
            let ratio = request.aspectRatio.map { "\($0.width):\($0.height)" } ?? "photo"
            return "|\(request.seconds)s|\(ratio)|\(request.shortSide)p|\(prompt)"
        }
    }

    private let directory: String
    private let settings: KIEStandInConfiguration.VideoSettings
    private let ffmpeg: FFmpeg?
    private let font: String?
    private let encodeSlots: DispatchSemaphore
    /// One serial queue per encode slot: tasks waiting for a slot wait in a queue, not on a blocked thread.
    private let renderQueues: [DispatchQueue]
    private let nextQueue = Mutex(0)
    private let cache = Mutex<[String: String]>([:])
    private let logger: Logger

    init(directory: String, settings: KIEStandInConfiguration.VideoSettings, logger: Logger) {
        self.directory = directory
        self.settings = settings
        self.logger = logger
        encodeSlots = DispatchSemaphore(value: settings.maxConcurrentEncodes)
        renderQueues = (0..<settings.maxConcurrentEncodes).map { DispatchQueue(label: "kie-stand-in-render-\($0)") }
        ffmpeg = settings.useFFmpeg ? FFmpeg.locate(settings.ffmpegPath) : nil
        font = Self.locateFont()
    }

    /// Which way videos are made, for logs and tests: "ffmpeg" or "in-code".
    var method: String { ffmpeg == nil ? "in-code" : "ffmpeg" }

    /// Makes the video on a render queue and hands it to `completion` there.
    func make(_ photo: [UInt8], scene: Scene, then completion: @escaping @Sendable (Outcome) -> Void) {
        let queue = nextQueue.withLock { next in
            defer { next = (next + 1) % renderQueues.count }
            return renderQueues[next]
        }
        queue.async { [self] in completion(video(for: photo, scene: scene)) }
    }

    /// The video of `scene` made from `photo`, made now (on this thread) unless made before.
    func video(for photo: [UInt8], scene: Scene) -> Outcome {
        let key = Signing.hex(Signing.sha256(photo + Array(scene.fingerprint.utf8)))
        if let cached = cachedPath(key) { return .made(path: cached) }
        encodeSlots.wait()
        defer { encodeSlots.signal() }
        if let cached = cachedPath(key) { return .made(path: cached) }

        let output = "\(directory)/video-\(key).mp4"
        if let ffmpeg {
            switch render(photo, scene: scene, with: ffmpeg, to: output) {
            case .made: break
            case .undecodablePhoto: return .undecodablePhoto
            case nil:
                logger.warning("kie stand-in: ffmpeg could not make a video, writing a minimal MP4")
                writeMinimal(seconds: scene.request.seconds, to: output)
            }
        } else {
            writeMinimal(seconds: scene.request.seconds, to: output)
        }
        cache.withLock { $0[key] = output }
        return .made(path: output)
    }

    private func cachedPath(_ key: String) -> String? {
        cache.withLock { $0[key] }.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }

    private func writeMinimal(seconds: Int, to output: String) {
        if !FileManager.default.createFile(atPath: output, contents: Data(MinimalMP4.bytes(seconds: seconds))) {
            logger.error("kie stand-in: cannot write a result video", metadata: ["path": "\(output)"])
        }
    }

    /// Renders into files of its own (two tasks of one photo may render at once), renamed into place on success;
    /// nil when ffmpeg failed on a photo it can decode.
    private func render(_ photo: [UInt8], scene: Scene, with ffmpeg: FFmpeg, to destination: String) -> Outcome? {
        let facts = ImageFacts(photo)
        let unique = Signing.hex(Signing.randomBytes(8))
        let input = "photo-\(unique)", captionFile = "caption-\(unique).txt", partial = "video-\(unique).partial.mp4"
        defer {
            for name in [input, captionFile, partial] { unlink("\(directory)/\(name)") }
        }
        let frame = scene.request.frame(photoWidth: facts?.width, photoHeight: facts?.height,
                                        maxShortSide: settings.maxShortSide)
        let caption = Caption(prompt: scene.prompt, frameWidth: frame.width, frameHeight: frame.height)
        guard FileManager.default.createFile(atPath: "\(directory)/\(input)", contents: Data(photo)),
              FileManager.default.createFile(atPath: "\(directory)/\(captionFile)", contents: Data(caption.text.utf8))
        else { return nil }

        let graph = SceneFilterGraph(motion: SceneMotion(prompt: scene.prompt), width: frame.width, height: frame.height,
                                     seconds: scene.request.seconds, framesPerSecond: settings.framesPerSecond)
        // One thread each: on a machine of few cores threads cost more CPU than they save wall time.
        let reading = ["-threads", "1", "-f", FFmpeg.demuxer(for: facts?.format ?? "jpeg"), "-i", input]
        let captions: [String?] = [graph.drawText(caption, textFile: captionFile, font: font), nil]
        let encoders = [["-c:v", "libx264", "-preset", "ultrafast", "-crf", "30"], ["-c:v", "mpeg4", "-q:v", "6"]]
        for drawText in captions {
            for encoder in encoders {
                let arguments = reading + ["-filter_complex", graph.filters(drawText: drawText), "-filter_complex_threads", "1",
                                           "-map", "[video]"] + graph.outputOptions + encoder
                    + ["-threads", "1", "-movflags", "+faststart", "-an", "-f", "mp4", partial]
                if ffmpeg.run(arguments, in: directory, timeout: settings.encodeTimeout).succeeded,
                   rename("\(directory)/\(partial)", destination) == 0 {
                    return .made(path: destination)
                }
            }
        }
        let decodes = ffmpeg.run(reading + ["-frames:v", "1", "-f", "null", "-"], in: directory,
                                 timeout: settings.encodeTimeout).succeeded
        return decodes ? nil : .undecodablePhoto
    }

    /// A bold sans-serif font file for the caption; nil leaves the choice to ffmpeg's fontconfig.
    private static func locateFont() -> String? {
        let candidates = [
            "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
            "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf",
            "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
        ]
        return candidates.first { FileManager.default.isReadableFile(atPath: $0) }
    }
}

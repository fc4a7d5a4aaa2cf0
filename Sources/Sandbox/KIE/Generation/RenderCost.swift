import Foundation
import Logging
import Signing

/// What the KIE stand-in's render costs: a 5 s 720×1280 clip of each of the prompt writer's five scenes, made as the
/// sandbox makes them, in CPU seconds of the ffmpeg processes (`neurocards-sandbox --measure-render` prints it).
public enum RenderCost {
    public struct Figure: Sendable {
        /// The scene's camera move.
        public let motion: String
        public let cpuSeconds: Double
    }

    /// The request measured: KIE's default 5 s, 9:16, 720p.
    static let request = VideoRequest()

    /// One figure per scene; nil when ffmpeg is missing or could not make the sample photo.
    public static func measure(logger: Logger) throws -> [Figure]? {
        guard let ffmpeg = FFmpeg.locate() else { return nil }
        let directory = NSTemporaryDirectory() + "render-cost-" + Signing.hex(Signing.randomBytes(8))
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard let photo = samplePhoto(ffmpeg, in: directory) else { return nil }

        var settings = KIEStandInConfiguration.VideoSettings.sandbox
        settings.maxConcurrentEncodes = 1
        let maker = VideoMaker(directory: directory, settings: settings, logger: logger)
        let prompts = ScenePromptWriter.prompts(description: "Red shoe box, size 42", palette: nil,
                                                framing: "vertical 9:16", count: ScenePromptWriter.scenes.count)
        return prompts.map { prompt in
            let cpu = childrenCPUSeconds()
            _ = maker.video(for: photo, scene: VideoMaker.Scene(prompt: prompt, request: request))
            return Figure(motion: SceneMotion(prompt: prompt).rawValue, cpuSeconds: childrenCPUSeconds() - cpu)
        }
    }

    /// A product photo as the bot sends it to KIE: a JPEG padded to 720×1280, a red box on a pale backdrop.
    private static func samplePhoto(_ ffmpeg: FFmpeg, in directory: String) -> [UInt8]? {
        let scene = "color=c=0xf7ece6:s=720x1280,drawbox=x=150:y=610:w=420:h=300:color=0xc0392b:t=fill,"
            + "drawbox=x=150:y=730:w=420:h=40:color=white:t=fill"
        let made = ffmpeg.run(["-f", "lavfi", "-i", scene, "-frames:v", "1", "-q:v", "3", "photo.jpg"], in: directory,
                              timeout: .seconds(20))
        return made.succeeded ? FileManager.default.contents(atPath: directory + "/photo.jpg").map(Array.init) : nil
    }

    /// User and system time of every child process that has ended and been waited for.
    private static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        let seconds = { (time: timeval) in Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

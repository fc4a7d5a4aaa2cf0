/// The ffmpeg filter graph of one scene. The photo is decoded, framed, graded and converted once; the one still is
/// then repeated for every frame and only the camera move and the caption run per frame, which keeps a 5 s 720p
/// clip well under a second of CPU.
struct SceneFilterGraph: Sendable {
    let motion: SceneMotion
    let width: Int
    let height: Int
    let seconds: Int
    let framesPerSecond: Int

    var frameCount: Int { seconds * framesPerSecond }

    /// `[0:v]` in, `[video]` out: the still covering the canvas, graded, looped, moved, captioned.
    func filters(drawText: String?) -> String {
        let canvasWidth = Self.even(Double(width) * motion.zoom)
        let canvasHeight = Self.even(Double(height) * motion.zoom)
        let still = [
            "scale=\(canvasWidth):\(canvasHeight):force_original_aspect_ratio=increase:flags=bicubic",
            "crop=\(canvasWidth):\(canvasHeight)", motion.grade, "format=yuv420p",
            "loop=loop=\(frameCount - 1):size=1:start=0", "setpts=N/(\(framesPerSecond)*TB)",
        ]
        let moving = [motion.filters(width: width, height: height, seconds: seconds)] + (drawText.map { [$0] } ?? [])
        return "[0:v]" + (still + moving + ["format=yuv420p"]).joined(separator: ",") + "[video]"
    }

    /// The caption at the foot of the frame, white on a translucent box; nil when the font's path would need
    /// escaping in a filter graph (the video is then made without it).
    func drawText(_ caption: Caption, textFile: String, font: String?) -> String? {
        let safe = { (text: String) in text.unicodeScalars.allSatisfy { $0.isASCII && (Self.pathCharacters.contains($0)) } }
        guard safe(textFile), font.map(safe) ?? true else { return nil }
        let face = font.map { "fontfile=\($0)" } ?? "font=Sans"
        let border = max(4, caption.fontSize / 2)
        return "drawtext=\(face):textfile=\(textFile):expansion=none:fontsize=\(caption.fontSize):fontcolor=white"
            + ":line_spacing=\(max(2, caption.fontSize / 4)):box=1:boxcolor=black@0.5:boxborderw=\(border)"
            + ":x=(w-text_w)/2:y=h-text_h-h*0.05"
    }

    /// Frame count and rate, pixel format for any player.
    var outputOptions: [String] {
        ["-frames:v", String(frameCount), "-r", String(framesPerSecond), "-pix_fmt", "yuv420p"]
    }

    private static let pathCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-".unicodeScalars)

    private static func even(_ value: Double) -> Int {
        Int(value.rounded()) / 2 * 2
    }
}

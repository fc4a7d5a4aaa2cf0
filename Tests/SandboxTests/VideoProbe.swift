import Foundation

/// What ffmpeg and ffprobe tell about a video (or a photo) the stand-ins made, for tests that look at pictures: its
/// size and length, the average colour of a frame's middle, and a tiny grey thumbnail to tell frames apart.
struct VideoProbe {
    static let ffmpeg = "/usr/bin/ffmpeg"
    static let ffprobe = "/usr/bin/ffprobe"
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: ffmpeg) && FileManager.default.isExecutableFile(atPath: ffprobe)
    }

    let path: String

    /// Writes `bytes` to a temporary file the probe reads; `remove()` deletes it.
    init(bytes: [UInt8], suffix: String = ".mp4") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString)\(suffix)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Width, height and duration in seconds of the first video stream.
    func stream() throws -> (width: Int, height: Int, seconds: Double) {
        let text = String(decoding: try Self.run(Self.ffprobe, ["-v", "error", "-select_streams", "v:0", "-show_entries",
                                                              "stream=width,height,duration", "-of", "csv=p=0", path]),
                          as: UTF8.self)
        let fields = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",")
        guard fields.count == 3, let width = Int(fields[0]), let height = Int(fields[1]), let seconds = Double(fields[2]) else {
            throw ProbeError(description: "ffprobe said \(text)")
        }
        return (width, height, seconds)
    }

    /// The average colour of the middle half (across and down) of the frame at `seconds`. (Averaged here: ffmpeg's
    /// area scaling straight to one pixel samples rather than averages a large frame.)
    func middleColour(at seconds: Double = 0) throws -> [Double] {
        let pixels = try frame(at: seconds, filter: "crop=iw/2:ih/2,scale=16:16:flags=area", format: "rgb24")
        return (0..<3).map { channel in
            stride(from: channel, to: pixels.count, by: 3).map { Double(pixels[$0]) }.reduce(0, +) / Double(pixels.count / 3)
        }
    }

    /// The frame at `seconds` as a 16×16 grey thumbnail.
    func thumbnail(at seconds: Double) throws -> [UInt8] {
        try frame(at: seconds, filter: "scale=16:16:flags=area", format: "gray")
    }

    private func frame(at seconds: Double, filter: String, format: String) throws -> [UInt8] {
        // A seek, even to 0, leaves a still image with no frame at all.
        let seek = seconds > 0 ? ["-ss", String(seconds)] : []
        return try Self.run(Self.ffmpeg, ["-v", "error"] + seek + ["-i", path, "-frames:v", "1", "-vf", filter,
                                                                   "-f", "rawvideo", "-pix_fmt", format, "-"])
    }

    /// The distance between two colours in RGB (0 to about 441).
    static func distance(_ first: [Double], _ second: [Double]) -> Double {
        zip(first, second).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
    }

    /// The mean absolute difference of two thumbnails, in grey levels.
    static func difference(_ first: [UInt8], _ second: [UInt8]) -> Double {
        guard first.count == second.count, !first.isEmpty else { return 255 }
        return zip(first, second).map { abs(Double($0) - Double($1)) }.reduce(0, +) / Double(first.count)
    }

    struct ProbeError: Error, CustomStringConvertible {
        let description: String
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let bytes = Array(output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        guard process.terminationStatus == 0, !bytes.isEmpty else {
            throw ProbeError(description: "\(executable) \(arguments.joined(separator: " ")) failed")
        }
        return bytes
    }
}

import Dispatch
import Foundation
import Synchronization

/// ffmpeg as the stand-ins run it: located once, given local files only, killed at a deadline, its standard output
/// captured when asked (a few pixels, a poster frame). Nothing here is confined the way the bot's `PhotoFitter` is:
/// the stand-ins only ever run on a developer's machine, on photos the bot has already checked.
struct FFmpeg: Sendable {
    let path: String

    /// What a run ended with: whether ffmpeg exited 0, and what it wrote to standard output (when captured).
    struct Run: Sendable {
        var succeeded: Bool
        var output: [UInt8]
    }

    /// ffmpeg at `configured`, else in the usual places; nil when there is none.
    static func locate(_ configured: String? = nil) -> FFmpeg? {
        let candidates = configured.map { [$0] } ?? ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg", "/opt/homebrew/bin/ffmpeg"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map(FFmpeg.init)
    }

    /// The ffmpeg demuxer that reads one image of `format` (an `ImageFacts.format`), so a file needs no extension.
    static func demuxer(for format: String) -> String {
        switch format {
        case "png": "png_pipe"
        case "webp": "webp_pipe"
        case "gif": "gif"
        default: "jpeg_pipe"
        }
    }

    /// The arguments every run starts with: quiet, no prompt, overwrite, local files only.
    static let common = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-protocol_whitelist", "file,pipe"]

    /// Runs ffmpeg with `arguments` in `directory`; past `timeout` it is stopped and the run has failed. Standard
    /// output is kept up to `maxOutputBytes` (0 discards it; more fails the run).
    func run(_ arguments: [String], in directory: String? = nil, timeout: Duration, maxOutputBytes: Int = 0) -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = Self.common + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let pipe = maxOutputBytes > 0 ? Pipe() : nil
        process.standardOutput = pipe ?? FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return Run(succeeded: false, output: [])
        }
        // Read while ffmpeg writes: a full pipe would block it until the deadline.
        let reading = DispatchGroup()
        let output = Output()
        if let pipe {
            DispatchQueue.global().async(group: reading) {
                let bytes = Array(pipe.fileHandleForReading.readDataToEndOfFile())
                output.bytes.withLock { $0 = bytes }
            }
        }
        let deadline = ContinuousClock.now + timeout
        var finished = true
        while process.isRunning {
            if ContinuousClock.now > deadline {
                Self.stop(process)
                finished = false
                break
            }
            usleep(2_000)
        }
        reading.wait()
        let exitedCleanly = finished && process.terminationStatus == 0
        guard maxOutputBytes > 0 else { return Run(succeeded: exitedCleanly, output: []) }
        let bytes = output.bytes.withLock { $0 }
        let fits = bytes.count <= maxOutputBytes
        return Run(succeeded: exitedCleanly && fits, output: fits ? bytes : [])
    }

    /// SIGTERM, then SIGKILL if ffmpeg has not gone within a second (a stuck decoder ignores SIGTERM).
    private static func stop(_ process: Process) {
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(1)
        while process.isRunning && ContinuousClock.now < deadline { usleep(5_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// What the reading thread collected.
    private final class Output: Sendable {
        let bytes = Mutex<[UInt8]>([])
    }
}

import Foundation
import Telegram
import HTTPClient
import Testing
@testable import Bot

/// ffmpeg on a seller's photo: confined to the photo's own format and to local files, under rlimits, and killed
/// with its process group when it overruns; a refused photo never reaches it.
@Suite struct PhotoFitterTests {
    /// A scratch directory with stand-in "ffmpeg" scripts, removed afterwards.
    final class Scratch {
        let path = NSTemporaryDirectory() + "nc-fitter-" + UUID().uuidString

        init() throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        deinit {
            try? FileManager.default.removeItem(atPath: path)
        }

        func script(_ name: String, _ body: String) throws -> String {
            let file = path + "/" + name
            try ("#!/bin/sh\n" + body + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
            return file
        }

        func write(_ bytes: [UInt8], as name: String) throws -> String {
            let file = path + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            return file
        }
    }

    static let prlimit = LimitedProcess.locate("prlimit")
    static let limits = LimitedProcess.Limits(addressSpaceBytes: 1 << 30, cpuSeconds: 20, fileSizeBytes: 16 << 20,
                                              wallClock: .seconds(30))

    func fitter(ffmpeg: String?, limits: LimitedProcess.Limits = Self.limits) -> PhotoFitter {
        PhotoFitter(ffmpeg: ffmpeg, prlimit: Self.prlimit, limits: limits, photoLimits: PhotoLimits())
    }

    @Test(arguments: [("jpg", [String](), ImageHeader.Kind.jpeg), ("png", [], .png),
                      ("webp", ["-c:v", "libwebp"], .webp)])
    func aRealPhotoOfEachKindIsFittedToTheFrame(fileExtension: String, options: [String], kind: ImageHeader.Kind) throws {
        let scratch = try Scratch()
        let original = try scratch.write(try TestImages.make(fileExtension, width: 640, height: 480, options: options),
                                     as: "photo.img")
        let output = scratch.path + "/fitted.jpg"
        let fitted = try fitter(ffmpeg: LimitedProcess.locate("ffmpeg")).fit(original, kind: kind, to: output,
                                                                             width: 720, height: 1280)
        #expect(fitted)
        let bytes = try #require(FileManager.default.contents(atPath: output))
        #expect(try ImageHeader.read(Array(bytes)) == ImageHeader(kind: .jpeg, width: 720, height: 1280))
    }

    /// The demuxer and decoder follow the header's kind, so bytes that are not that kind fail instead of being
    /// probed as something else (an HLS playlist, say, that would reach the network).
    @Test func bytesThatAreNotTheHeadersKindAreRefusedByFFmpeg() throws {
        let scratch = try Scratch()
        let playlist = try scratch.write(Array("#EXTM3U\n#EXTINF:1,\nhttp://127.0.0.1:9/x.ts\n".utf8), as: "photo.img")
        #expect(throws: PhotoRefusal.self) {
            try fitter(ffmpeg: LimitedProcess.locate("ffmpeg")).fit(playlist, kind: .png, to: scratch.path + "/o.jpg",
                                                                    width: 720, height: 1280)
        }
    }

    @Test func ffmpegRunsUnderTheRlimitsWithTheImageDemuxerAndLocalFilesOnly() throws {
        let scratch = try Scratch()
        let ffmpeg = try scratch.script("ffmpeg", """
            cat /proc/self/limits > '\(scratch.path)/limits'
            printf '%s\\n' "$@" > '\(scratch.path)/arguments'
            """)
        #expect(try fitter(ffmpeg: ffmpeg).fit(scratch.path + "/photo.img", kind: .webp, to: scratch.path + "/o.jpg",
                                               width: 720, height: 1280))
        let limits = try String(contentsOfFile: scratch.path + "/limits", encoding: .utf8)
        func limit(_ name: String) -> [Substring] {
            limits.split(separator: "\n").first { $0.hasPrefix(name) }?.dropFirst(name.count).split(separator: " ") ?? []
        }
        #expect(limit("Max address space").prefix(2) == ["\(1 << 30)", "\(1 << 30)"])
        #expect(limit("Max cpu time").prefix(2) == ["20", "20"])
        #expect(limit("Max file size").prefix(2) == ["\(16 << 20)", "\(16 << 20)"])
        #expect(limit("Max core file size").prefix(2) == ["0", "0"])
        let arguments = try String(contentsOfFile: scratch.path + "/arguments", encoding: .utf8).split(separator: "\n")
        let input = try #require(arguments.firstIndex(of: "-i"))
        let inputOptions = arguments[..<input].joined(separator: " ")
        #expect(inputOptions.contains("-protocol_whitelist file -f webp_pipe -c:v webp"))
        #expect(arguments[input + 1] == "file:\(scratch.path)/photo.img")
    }

    @Test func anOverrunningFFmpegIsKilledWithEverythingItStarted() throws {
        let scratch = try Scratch()
        let ffmpeg = try scratch.script("ffmpeg", """
            sleep 60 &
            echo $! > '\(scratch.path)/child'
            wait
            """)
        var limits = Self.limits
        limits.wallClock = .milliseconds(500)
        let started = ContinuousClock.now
        #expect(throws: PhotoFitter.TimedOut.self) {
            try fitter(ffmpeg: ffmpeg, limits: limits).fit(scratch.path + "/photo.img", kind: .jpeg,
                                                           to: scratch.path + "/o.jpg", width: 720, height: 1280)
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        let child = try #require(Int32(try String(contentsOfFile: scratch.path + "/child", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let deadline = ContinuousClock.now + .seconds(5)
        while Self.isAlive(child) && ContinuousClock.now < deadline { usleep(20_000) }
        #expect(!Self.isAlive(child), "the helper's own child dies with its process group")
    }

    @Test func anFFmpegPastItsCPUCeilingIsARefusalNotATimeout() throws {
        let scratch = try Scratch()
        let ffmpeg = try scratch.script("ffmpeg", "while :; do :; done")
        var limits = Self.limits
        limits.cpuSeconds = 1
        #expect(throws: PhotoRefusal.self) {
            try fitter(ffmpeg: ffmpeg, limits: limits).fit(scratch.path + "/photo.img", kind: .jpeg,
                                                           to: scratch.path + "/o.jpg", width: 720, height: 1280)
        }
    }

    @Test func aFailingFFmpegIsARefusal() throws {
        let scratch = try Scratch()
        let ffmpeg = try scratch.script("ffmpeg", "exit 1")
        #expect(throws: PhotoRefusal(reason: .undecodable("ffmpeg failed with status 1"))) {
            try fitter(ffmpeg: ffmpeg).fit(scratch.path + "/photo.img", kind: .jpeg, to: scratch.path + "/o.jpg",
                                           width: 720, height: 1280)
        }
    }

    @Test func withoutPrlimitFFmpegIsNeverRun() throws {
        let scratch = try Scratch()
        let ffmpeg = try scratch.script("ffmpeg", "touch '\(scratch.path)/ran'")
        let unconfined = PhotoFitter(ffmpeg: ffmpeg, prlimit: nil, photoLimits: PhotoLimits())
        #expect(try !unconfined.fit(scratch.path + "/photo.img", kind: .jpeg, to: scratch.path + "/o.jpg",
                                    width: 720, height: 1280))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/ran"))
    }

    /// A bomb is refused from its header in the preparation too, fast, and ffmpeg never sees it.
    @Test(arguments: [
        ("png-bomb", TestImages.pngHeader(width: 100_000, height: 100_000)),
        ("svg", Array(#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.utf8)),
        ("truncated-jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46]),
    ])
    func aRefusedPhotoIsNeverDecoded(name: String, bytes: [UInt8]) throws {
        let scratch = try Scratch()
        let ffmpeg = try scratch.script("ffmpeg", "touch '\(scratch.path)/ran'")
        let photos = ProductPhotos(directory: scratch.path,
                                   telegram: TelegramClient(token: "unused", apiBase: "http://127.0.0.1:9", http: HTTPClient()),
                                   fitter: fitter(ffmpeg: ffmpeg))
        let original = try scratch.write(bytes, as: "original.img")
        let started = ContinuousClock.now
        #expect(throws: PhotoRefusal.self, "\(name)") { try photos.prepared(original: original, orderID: 1, format: .portrait) }
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/ran"))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: scratch.path + "/media")) == [])
    }

    static func isAlive(_ pid: Int32) -> Bool {
        // A zombie still answers kill(0); its state letter in /proc says it is gone.
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
            return false
        }
        return !stat.contains(") Z ")
    }
}

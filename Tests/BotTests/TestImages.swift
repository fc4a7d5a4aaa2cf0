import Foundation

/// Small real images made by ffmpeg (installed wherever the tests run: `scripts/test` installs it), and hand-made
/// headers that lie about their size.
enum TestImages {
    /// An image of `width`×`height` encoded by ffmpeg into `fileExtension`'s format, with extra output options.
    static func make(_ fileExtension: String, width: Int, height: Int, options: [String] = []) throws -> [UInt8] {
        let path = NSTemporaryDirectory() + "nc-test-image-\(UUID().uuidString).\(fileExtension)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                             "testsrc=size=\(width)x\(height)", "-frames:v", "1"] + options + [path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return Array(data)
    }

    /// A PNG signature and an IHDR claiming `width`×`height` (a CRC of zeros: the header is all a reader may look at).
    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + bigEndian(13) + Array("IHDR".utf8) + bigEndian(width)
            + bigEndian(height) + [8, 2, 0, 0, 0] + [0, 0, 0, 0]
    }

    /// A baseline SOF0 segment declaring `width`×`height` with three components.
    static func startOfFrame(width: UInt16, height: UInt16) -> [UInt8] {
        [0xFF, 0xC0, 0x00, 17, 8, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), 3,
         1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
    }

    /// A RIFF/WEBP file of the given chunks, each a four-character code and its data.
    static func webp(_ chunks: [(String, [UInt8])]) -> [UInt8] {
        var body = Array("WEBP".utf8)
        for (code, data) in chunks {
            body += Array(code.utf8) + littleEndian(UInt32(data.count)) + data + (data.count % 2 == 1 ? [0] : [])
        }
        return Array("RIFF".utf8) + littleEndian(UInt32(body.count)) + body
    }

    /// VP8X's payload: flags, three reserved bytes, then the canvas size less one in 24 bits each.
    static func extendedHeader(width: UInt32, height: UInt32, flags: UInt8 = 0) -> [UInt8] {
        [flags, 0, 0, 0] + Array(littleEndian(width - 1).prefix(3)) + Array(littleEndian(height - 1).prefix(3))
    }

    /// A VP8L bitstream's first five bytes: the signature and the size less one in 14 bits each.
    static func losslessHeader(width: UInt32, height: UInt32) -> [UInt8] {
        [0x2F] + littleEndian((width - 1) | (height - 1) << 14)
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        bigEndian(value).reversed()
    }
}

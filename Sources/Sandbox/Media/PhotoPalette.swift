import Foundation
import Signing

/// A photo's dominant colours as a person would name them: the backdrop (what its edges mostly are) and up to two
/// colours of what stands in its middle. Read from 32×32 pixels ffmpeg samples (not blends: a blend of red and white
/// would read as pink), so the OpenAI stand-in can say what a vision model would at least see.
struct PhotoPalette: Sendable, Equatable {
    var background: ColourName
    /// Most common first; empty when the middle is the backdrop's colour.
    var product: [ColourName]

    static let side = 32
    /// A colour must cover this share of the middle to count.
    static let minimumShare = 0.1

    /// The palette of `pixels`, `side`×`side` RGB triples row by row.
    init?(pixels: [UInt8]) {
        let side = Self.side
        guard pixels.count == side * side * 3 else { return nil }
        func name(_ x: Int, _ y: Int) -> ColourName {
            let index = (y * side + x) * 3
            return ColourName(red: pixels[index], green: pixels[index + 1], blue: pixels[index + 2])
        }
        let edge = 2
        var border: [ColourName: Int] = [:], middle: [ColourName: Int] = [:]
        for y in 0..<side {
            for x in 0..<side {
                if x < edge || y < edge || x >= side - edge || y >= side - edge {
                    border[name(x, y), default: 0] += 1
                } else if (side / 4..<side * 3 / 4).contains(x) && (side / 4..<side * 3 / 4).contains(y) {
                    middle[name(x, y), default: 0] += 1
                }
            }
        }
        guard let backdrop = Self.ranked(border).first else { return nil }
        background = backdrop
        let middleCount = Double(middle.values.reduce(0, +))
        product = Array(Self.ranked(middle).filter {
            $0 != backdrop && Double(middle[$0] ?? 0) >= middleCount * Self.minimumShare
        }.prefix(2))
    }

    /// Decodes `bytes` (an image of `format`) with ffmpeg; nil when ffmpeg cannot.
    static func read(_ bytes: [UInt8], format: String, ffmpeg: FFmpeg) -> PhotoPalette? {
        let path = NSTemporaryDirectory() + "palette-\(Signing.hex(Signing.randomBytes(8)))"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return nil }
        defer { unlink(path) }
        let run = ffmpeg.run(["-f", FFmpeg.demuxer(for: format), "-i", path, "-frames:v", "1",
                              "-vf", "scale=\(side):\(side):flags=neighbor,format=rgb24", "-f", "rawvideo", "-"],
                             timeout: .seconds(10), maxOutputBytes: side * side * 3)
        return run.succeeded ? PhotoPalette(pixels: run.output) : nil
    }

    /// Most common first; ties in a fixed order.
    private static func ranked(_ counts: [ColourName: Int]) -> [ColourName] {
        counts.keys.sorted { (counts[$0] ?? 0, $1.rawValue) > (counts[$1] ?? 0, $0.rawValue) }
    }
}

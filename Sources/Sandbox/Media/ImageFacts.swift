/// The format and pixel size of an image, read from its first bytes, for the formats OpenAI and KIE accept (KIE
/// takes no GIF), and a JPEG's comment, where the sandbox's sample photos carry their name.
struct ImageFacts: Sendable, Equatable {
    let format: String
    let width: Int?
    let height: Int?
    var comment: String?

    /// Nil when the bytes are not a PNG, JPEG, GIF or WebP image.
    init?(_ bytes: [UInt8]) {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            let size = JPEGSegments.dimensions(bytes)
            self.init(format: "jpeg", width: size?.width, height: size?.height)
            comment = JPEGSegments.comment(bytes)
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            // IHDR is always first: width and height as big-endian 32-bit integers at 16 and 20.
            self.init(format: "png", width: Self.bigEndian(bytes, at: 16, count: 4),
                      height: Self.bigEndian(bytes, at: 20, count: 4))
        } else if bytes.starts(with: Array("GIF8".utf8)) {
            self.init(format: "gif", width: Self.littleEndian(bytes, at: 6, count: 2),
                      height: Self.littleEndian(bytes, at: 8, count: 2))
        } else if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            let size = Self.webPSize(bytes)
            self.init(format: "webp", width: size?.width, height: size?.height)
        } else {
            return nil
        }
    }

    /// Taller than wide, wider than tall, or neither; nil when the size is unknown.
    var orientation: Orientation? {
        guard let width, let height else { return nil }
        return width == height ? .square : (height > width ? .portrait : .landscape)
    }

    enum Orientation: Sendable, Equatable {
        case portrait
        case landscape
        case square
    }

    private init(format: String, width: Int?, height: Int?) {
        self.format = format
        self.width = width.flatMap { $0 > 0 ? $0 : nil }
        self.height = height.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The canvas of an extended (VP8X), lossy (VP8) or lossless (VP8L) WebP.
    private static func webPSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count >= 30 else { return nil }
        switch String(decoding: bytes[12..<16], as: UTF8.self) {
        case "VP8X":
            guard let width = littleEndian(bytes, at: 24, count: 3), let height = littleEndian(bytes, at: 27, count: 3)
            else { return nil }
            return (width + 1, height + 1)
        case "VP8 ":
            guard let width = littleEndian(bytes, at: 26, count: 2), let height = littleEndian(bytes, at: 28, count: 2)
            else { return nil }
            return (width & 0x3FFF, height & 0x3FFF)
        case "VP8L":
            guard let bits = littleEndian(bytes, at: 21, count: 4) else { return nil }
            return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        default:
            return nil
        }
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> Int? {
        guard offset >= 0, offset + count <= bytes.count else { return nil }
        return bytes[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func littleEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> Int? {
        guard offset >= 0, offset + count <= bytes.count else { return nil }
        return bytes[offset..<offset + count].reversed().reduce(0) { $0 << 8 | Int($1) }
    }
}

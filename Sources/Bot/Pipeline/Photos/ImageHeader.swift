/// What a photo's first bytes say it is and how many pixels decoding it would make, read without decoding it.
/// A strict reader: every byte it relies on is bounds-checked, and every refusal has a named reason.
struct ImageHeader: Sendable, Equatable {
    /// The formats KIE's image-to-video models accept, and the only ones the pipeline hands to a decoder.
    enum Kind: String, Sendable, CaseIterable {
        case jpeg
        case png
        case webp
    }

    enum Rejection: Error, Sendable, Equatable {
        /// Neither JPEG, PNG nor WebP by its magic bytes (an SVG, HTML, text, a video…).
        case unknownFormat
        /// The bytes end before the dimensions do.
        case truncated
        /// The format is recognised but its header breaks the format's rules.
        case malformed(String)
    }

    let kind: Kind
    let width: Int
    let height: Int

    var pixels: Int { width * height }

    /// Reads the kind and dimensions; throws a `Rejection` for anything else.
    static func read(_ bytes: [UInt8]) throws(Rejection) -> ImageHeader {
        let reader = ByteReader(bytes)
        if reader.starts(with: JPEGHeader.signature) { return try JPEGHeader.read(reader) }
        if reader.starts(with: PNGHeader.signature) { return try PNGHeader.read(reader) }
        if WebPHeader.matches(reader) { return try WebPHeader.read(reader) }
        throw .unknownFormat
    }
}

/// Bounds-checked big- and little-endian reads: running off the end is `truncated`, never a trap.
struct ByteReader {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var count: Int { bytes.count }

    func starts(with prefix: [UInt8]) -> Bool {
        bytes.starts(with: prefix)
    }

    func byte(at offset: Int) throws(ImageHeader.Rejection) -> UInt8 {
        guard offset >= 0, offset < bytes.count else { throw .truncated }
        return bytes[offset]
    }

    func bigEndian(at offset: Int, count width: Int) throws(ImageHeader.Rejection) -> Int {
        var value = 0
        for index in 0..<width { value = value << 8 | Int(try byte(at: offset + index)) }
        return value
    }

    func littleEndian(at offset: Int, count width: Int) throws(ImageHeader.Rejection) -> Int {
        var value = 0
        for index in (0..<width).reversed() { value = value << 8 | Int(try byte(at: offset + index)) }
        return value
    }

    func ascii(at offset: Int, count width: Int) throws(ImageHeader.Rejection) -> String {
        guard offset >= 0, offset + width <= bytes.count else { throw .truncated }
        return String(decoding: bytes[offset..<(offset + width)], as: UTF8.self)
    }
}

/// WebP: a RIFF container whose first chunk is the lossy (`VP8 `), lossless (`VP8L`) or extended (`VP8X`) form.
/// An extended file states a canvas size and carries the bitstream in a later chunk with a size of its own; both
/// are read and the larger counts, so a small canvas cannot hide a huge bitstream.
enum WebPHeader {
    static func matches(_ reader: ByteReader) -> Bool {
        (try? reader.ascii(at: 0, count: 4)) == "RIFF" && (try? reader.ascii(at: 8, count: 4)) == "WEBP"
    }

    static func read(_ reader: ByteReader) throws(ImageHeader.Rejection) -> ImageHeader {
        let first = try reader.ascii(at: 12, count: 4)
        let size: (width: Int, height: Int)
        switch first {
        case "VP8 ", "VP8L":
            size = try bitstreamSize(reader, chunk: first, dataAt: 20)
        case "VP8X":
            let canvas = (width: try reader.littleEndian(at: 24, count: 3) + 1,
                          height: try reader.littleEndian(at: 27, count: 3) + 1)
            let bitstream = try extendedBitstreamSize(reader)
            size = bitstream.width * bitstream.height > canvas.width * canvas.height ? bitstream : canvas
        default:
            throw .malformed("WebP starts with an unknown chunk \(first.debugDescription)")
        }
        return ImageHeader(kind: .webp, width: size.width, height: size.height)
    }

    /// The size a `VP8 ` or `VP8L` bitstream declares (RFC 9649 §2.5 and §3.2.1; RFC 6386 §9.1).
    private static func bitstreamSize(_ reader: ByteReader, chunk: String, dataAt offset: Int) throws(ImageHeader.Rejection)
        -> (width: Int, height: Int) {
        if chunk == "VP8L" {
            guard try reader.byte(at: offset) == 0x2F else { throw .malformed("VP8L signature missing") }
            let bits = try reader.littleEndian(at: offset + 1, count: 4)
            return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        }
        let startCode = [try reader.byte(at: offset + 3), try reader.byte(at: offset + 4), try reader.byte(at: offset + 5)]
        guard startCode == [0x9D, 0x01, 0x2A] else { throw .malformed("VP8 start code missing") }
        let width = try reader.littleEndian(at: offset + 6, count: 2) & 0x3FFF
        let height = try reader.littleEndian(at: offset + 8, count: 2) & 0x3FFF
        guard width > 0, height > 0 else { throw .malformed("VP8 frame size \(width)x\(height) is empty") }
        return (width, height)
    }

    /// Walks the chunks after VP8X to the image bitstream. An animation (frames in ANMF chunks) has none at the top
    /// level and is refused: a product photo is one still picture.
    private static func extendedBitstreamSize(_ reader: ByteReader) throws(ImageHeader.Rejection) -> (width: Int, height: Int) {
        var offset = 12
        while true {
            let chunk = try reader.ascii(at: offset, count: 4)
            let length = try reader.littleEndian(at: offset + 4, count: 4)
            switch chunk {
            case "VP8 ", "VP8L":
                return try bitstreamSize(reader, chunk: chunk, dataAt: offset + 8)
            case "ANIM", "ANMF":
                throw .malformed("animated WebP")
            default:
                // Chunks are padded to an even length.
                offset += 8 + length + (length & 1)
            }
        }
    }
}

/// JPEG: segments from SOI on, each frame's size in its SOFn segment. Every SOF before EOI counts, not only the
/// first: a decoder re-sizes on a later one, so a small first frame must not hide a huge second one. Entropy-coded
/// data after SOS is skipped up to the next real marker (0xFF followed by neither a stuffed 0x00 nor a restart).
/// A file cut short after a frame header keeps the largest size seen: nothing past its end can be decoded.
enum JPEGHeader {
    static let signature: [UInt8] = [0xFF, 0xD8, 0xFF]

    static func read(_ reader: ByteReader) throws(ImageHeader.Rejection) -> ImageHeader {
        var largest: (width: Int, height: Int)?
        var offset = 2
        var ended = false
        scanning: while offset < reader.count {
            let marker = try nextMarker(reader, from: &offset)
            switch marker {
            case 0xD9: // EOI
                ended = true
                break scanning
            case 0x01, 0xD0...0xD7: // TEM and RSTn stand alone, without a length
                continue
            default:
                let length = try reader.bigEndian(at: offset, count: 2)
                guard length >= 2 else { throw .malformed("JPEG segment length \(length) is below 2") }
                if isStartOfFrame(marker) {
                    let frame = try frameSize(reader, segmentAt: offset)
                    if frame.width * frame.height > (largest.map { $0.width * $0.height } ?? 0) { largest = frame }
                }
                offset += length
                if marker == 0xDA { offset = nextMarkerAfterScan(reader, from: offset) }
            }
        }
        guard let largest else { throw ended ? .malformed("JPEG has no frame header") : .truncated }
        return ImageHeader(kind: .jpeg, width: largest.width, height: largest.height)
    }

    /// SOF0…SOF15 carry a frame's size, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    private static func isStartOfFrame(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
    }

    private static func frameSize(_ reader: ByteReader, segmentAt offset: Int) throws(ImageHeader.Rejection)
        -> (width: Int, height: Int) {
        let height = try reader.bigEndian(at: offset + 3, count: 2)
        let width = try reader.bigEndian(at: offset + 5, count: 2)
        // A height of 0 defers it to a DNL marker after the scan: the size is unknown until decoding.
        guard width > 0, height > 0 else { throw .malformed("JPEG frame size \(width)x\(height) is not declared") }
        return (width, height)
    }

    /// The marker code at `offset` (after any 0xFF fill bytes); leaves `offset` just past it.
    private static func nextMarker(_ reader: ByteReader, from offset: inout Int) throws(ImageHeader.Rejection) -> UInt8 {
        guard try reader.byte(at: offset) == 0xFF else { throw .malformed("JPEG segment does not start with 0xFF") }
        var code = try reader.byte(at: offset + 1)
        offset += 2
        while code == 0xFF {
            code = try reader.byte(at: offset)
            offset += 1
        }
        return code
    }

    /// The offset of the 0xFF of the first marker after a scan's data, or the end of the bytes.
    private static func nextMarkerAfterScan(_ reader: ByteReader, from offset: Int) -> Int {
        let bytes = reader.bytes
        var index = max(offset, 0)
        while index + 1 < bytes.count {
            if bytes[index] == 0xFF {
                let next = bytes[index + 1]
                if next != 0x00 && next != 0xFF && !(0xD0...0xD7).contains(next) { return index }
            }
            index += 1
        }
        return bytes.count
    }
}

/// What a JPEG's marker segments say before the image data: its size (start of frame) and its comment (COM), read
/// without decoding, so photo sizes look like the real photo's and a named sample photo keeps its name.
enum JPEGSegments {
    /// Width and height from the start-of-frame marker.
    static func dimensions(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        var size: (width: Int, height: Int)?
        walk(bytes) { marker, start, _ in
            // SOF0…SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
            guard (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker), start + 4 < bytes.count else {
                return true
            }
            let height = Int(bytes[start + 1]) << 8 | Int(bytes[start + 2])
            let width = Int(bytes[start + 3]) << 8 | Int(bytes[start + 4])
            if width > 0 && height > 0 { size = (width, height) }
            return false
        }
        return size
    }

    /// The text of the first comment segment (COM), as UTF-8; nil when there is none.
    static func comment(_ bytes: [UInt8]) -> String? {
        var text: String?
        walk(bytes) { marker, start, end in
            guard marker == 0xFE else { return true }
            text = String(decoding: bytes[start..<end], as: UTF8.self)
            return false
        }
        return text
    }

    /// A comment segment holding `text` (at most 65,533 bytes of it), to put right after the start-of-image marker.
    static func commentSegment(_ text: String) -> [UInt8] {
        let payload = Array(text.utf8.prefix(0xFFFD))
        let length = payload.count + 2
        return [0xFF, 0xFE, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    /// Calls `visit` with each segment's marker and the bounds of its payload until it answers false or the
    /// segments end (at the start of scan, or anything malformed).
    private static func walk(_ bytes: [UInt8], _ visit: (_ marker: UInt8, _ start: Int, _ end: Int) -> Bool) {
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return }
        var index = 2
        while index + 4 <= bytes.count, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            guard marker != 0xDA, marker != 0xD9 else { return }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 2 else { return }
            let start = index + 4, end = min(bytes.count, index + 2 + length)
            guard visit(marker, start, end) else { return }
            index += 2 + length
        }
    }
}

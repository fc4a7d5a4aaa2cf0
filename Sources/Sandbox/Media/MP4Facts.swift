/// What an MP4's boxes say about it, read without decoding: its length (the movie header) and its picture size (the
/// first track header with one), as Telegram fills a sent video's duration, width and height from the file.
struct MP4Facts: Sendable, Equatable {
    var seconds: Int?
    var width: Int?
    var height: Int?

    init(_ bytes: [UInt8]) {
        guard let movie = Self.boxes(in: bytes, 0..<bytes.count).first(where: { $0.type == "moov" }) else { return }
        for box in Self.boxes(in: bytes, movie.payload) {
            switch box.type {
            case "mvhd": readMovieHeader(bytes, box.payload)
            case "trak" where width == nil:
                if let header = Self.boxes(in: bytes, box.payload).first(where: { $0.type == "tkhd" }) {
                    readTrackHeader(bytes, header.payload)
                }
            default: break
            }
        }
    }

    /// Timescale and duration: 32-bit after two 32-bit times in version 0, 64-bit times and duration in version 1.
    private mutating func readMovieHeader(_ bytes: [UInt8], _ payload: Range<Int>) {
        let version1 = payload.count > 0 && bytes[payload.lowerBound] == 1
        let timescaleAt = payload.lowerBound + (version1 ? 20 : 12)
        guard let timescale = Self.integer(bytes, at: timescaleAt, count: 4, within: payload), timescale > 0,
              let duration = Self.integer(bytes, at: timescaleAt + 4, count: version1 ? 8 : 4, within: payload) else { return }
        seconds = Int((Double(duration) / Double(timescale)).rounded())
    }

    /// Width and height end the track header, as 16.16 fixed-point numbers; an audio track has none.
    private mutating func readTrackHeader(_ bytes: [UInt8], _ payload: Range<Int>) {
        guard let width = Self.integer(bytes, at: payload.upperBound - 8, count: 4, within: payload),
              let height = Self.integer(bytes, at: payload.upperBound - 4, count: 4, within: payload),
              width >> 16 > 0, height >> 16 > 0 else { return }
        self.width = width >> 16
        self.height = height >> 16
    }

    private struct Box {
        var type: String
        var payload: Range<Int>
    }

    /// The boxes one after another within `range`; stops at the first that does not fit.
    private static func boxes(in bytes: [UInt8], _ range: Range<Int>) -> [Box] {
        var found: [Box] = []
        var offset = range.lowerBound
        while offset + 8 <= range.upperBound, let size32 = integer(bytes, at: offset, count: 4, within: range) {
            var header = 8, size = size32
            if size32 == 1 {
                guard let large = integer(bytes, at: offset + 8, count: 8, within: range) else { break }
                header = 16
                size = large
            } else if size32 == 0 {
                size = range.upperBound - offset
            }
            guard size >= header, size <= range.upperBound - offset else { break }
            found.append(Box(type: String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self),
                             payload: offset + header..<offset + size))
            offset += size
        }
        return found
    }

    private static func integer(_ bytes: [UInt8], at offset: Int, count: Int, within range: Range<Int>) -> Int? {
        guard offset >= range.lowerBound, offset + count <= range.upperBound, count <= 8 else { return nil }
        let value = bytes[offset..<offset + count].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return value > UInt64(Int.max) ? nil : Int(value)
    }
}

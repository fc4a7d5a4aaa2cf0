/// The last-resort result when ffmpeg is missing: a structurally valid MP4 container (ftyp, moov with a movie
/// header of the right length, empty mdat) written in code, so downloads and `ftyp` checks still work.
enum MinimalMP4 {
    static func bytes(seconds: Int) -> [UInt8] {
        var ftyp = Array("isom".utf8)
        ftyp += be32(0x200)
        ftyp += Array("isomiso2mp41".utf8)

        var mvhd: [UInt8] = be32(0) // version 0, no flags
        mvhd += be32(0) + be32(0) // creation and modification time
        mvhd += be32(1000) + be32(UInt32(max(0, seconds)) * 1000) // timescale (ms) and duration
        mvhd += be32(0x0001_0000) + [0x01, 0x00] + [UInt8](repeating: 0, count: 10) // rate 1.0, volume 1.0
        for value: UInt32 in [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000] { mvhd += be32(value) } // identity matrix
        mvhd += [UInt8](repeating: 0, count: 24) // pre_defined
        mvhd += be32(1) // next track id

        return box("ftyp", ftyp) + box("moov", box("mvhd", mvhd)) + box("mdat", [])
    }

    private static func box(_ type: String, _ content: [UInt8]) -> [UInt8] {
        be32(UInt32(8 + content.count)) + Array(type.utf8) + content
    }

    private static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}

/// PNG: the signature, then IHDR, which the format requires to be the first chunk (PNG spec §5.6).
enum PNGHeader {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func read(_ reader: ByteReader) throws(ImageHeader.Rejection) -> ImageHeader {
        let length = try reader.bigEndian(at: 8, count: 4)
        let type = try reader.ascii(at: 12, count: 4)
        guard type == "IHDR", length == 13 else { throw .malformed("PNG does not start with a 13-byte IHDR") }
        let width = try reader.bigEndian(at: 16, count: 4)
        let height = try reader.bigEndian(at: 20, count: 4)
        // The spec caps each side at 2^31 - 1; zero is not a picture.
        guard (1...Int(Int32.max)).contains(width), (1...Int(Int32.max)).contains(height) else {
            throw .malformed("PNG dimensions \(width)x\(height) are out of range")
        }
        return ImageHeader(kind: .png, width: width, height: height)
    }
}

import Foundation

/// A small PNG made in code (stored, uncompressed deflate blocks), so tests need no committed image and no
/// ffmpeg to have a photo the stand-ins accept: a lightly textured background and, when given, a product in the
/// middle (a block from 30% to 70% across and 35% to 75% down).
enum TestPNG {
    typealias Colour = (red: UInt8, green: UInt8, blue: UInt8)

    static func make(width: Int = 64, height: Int = 96, background: Colour = (200, 60, 40), product: Colour? = nil) -> [UInt8] {
        var raw: [UInt8] = []
        for y in 0..<height {
            raw.append(0) // filter: none
            for x in 0..<width {
                let inProduct = (width * 3 / 10..<width * 7 / 10).contains(x) && (height * 35 / 100..<height * 3 / 4).contains(y)
                let colour = product.flatMap { inProduct ? $0 : nil } ?? background
                let shade = UInt8((x + y) % 8)
                raw += [colour.red &- min(colour.red, shade), colour.green &+ min(255 - colour.green, shade), colour.blue]
            }
        }
        var header = be32(UInt32(width)) + be32(UInt32(height))
        header += [8, 2, 0, 0, 0] // 8-bit RGB, deflate, no filter, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", zlibStored(raw)) + chunk("IEND", [])
    }

    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65535, data.count - offset)
            let last: UInt8 = offset + length >= data.count ? 1 : 0
            out += [last, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return out + be32(b << 16 | a)
    }

    private static func chunk(_ type: String, _ content: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + content
        return be32(UInt32(content.count)) + typed + be32(crc32(typed))
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}

extension Signing {
    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Lower-case hexadecimal.
    public static func hex(_ bytes: [UInt8]) -> String {
        var encoded = [UInt8]()
        encoded.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            encoded.append(hexDigits[Int(byte >> 4)])
            encoded.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// Base64url (RFC 4648 §5) without padding, the form that fits in URLs and Telegram callback data.
    public static func base64URL(_ bytes: [UInt8]) -> String {
        var encoded = [UInt8]()
        encoded.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            appendSextets(of: group, count: 4, to: &encoded)
            index += 3
        }
        switch bytes.count - index {
        case 1:
            appendSextets(of: UInt32(bytes[index]) << 16, count: 2, to: &encoded)
        case 2:
            appendSextets(of: UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8, count: 3, to: &encoded)
        default:
            break
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// Decodes base64url, with or without padding. Returns nil for any character outside the alphabet, an
    /// impossible length, or non-zero unused trailing bits, so each byte string has exactly one accepted
    /// spelling (apart from optional padding) and a token cannot be varied without changing its meaning.
    public static func fromBase64URL(_ string: String) -> [UInt8]? {
        var symbols = Array(string.utf8)
        if symbols.count % 4 == 0 {
            for _ in 0..<2 where symbols.last == UInt8(ascii: "=") { symbols.removeLast() }
        }
        guard symbols.count % 4 != 1 else { return nil }

        var decoded = [UInt8]()
        decoded.reserveCapacity(symbols.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for symbol in symbols {
            guard let value = base64URLValue(of: symbol) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                decoded.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
                accumulator &= (1 << UInt32(bitCount)) - 1
            }
        }
        guard accumulator == 0 else { return nil }
        return decoded
    }

    private static func appendSextets(of group: UInt32, count: Int, to encoded: inout [UInt8]) {
        for position in 0..<count {
            let shift = UInt32(18 - 6 * position)
            encoded.append(base64URLAlphabet[Int((group >> shift) & 0x3F)])
        }
    }

    private static func base64URLValue(of symbol: UInt8) -> UInt8? {
        switch symbol {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): symbol - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): symbol - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): symbol - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}

/// Decodes %XX escapes; nil when an escape is malformed or the result is not UTF-8.
func percentDecoded(_ text: Substring, plusAsSpace: Bool) -> String? {
    let utf8 = text.utf8
    guard utf8.contains(0x25) || (plusAsSpace && utf8.contains(0x2B)) else { return String(text) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(utf8.count)
    var index = utf8.startIndex
    while index != utf8.endIndex {
        let byte = utf8[index]
        if byte == 0x25 {
            let high = utf8.index(after: index)
            guard high != utf8.endIndex else { return nil }
            let low = utf8.index(after: high)
            guard low != utf8.endIndex, let h = hexValue(utf8[high]), let l = hexValue(utf8[low]) else { return nil }
            bytes.append(h << 4 | l)
            index = utf8.index(after: low)
        } else {
            bytes.append(plusAsSpace && byte == 0x2B ? 0x20 : byte)
            index = utf8.index(after: index)
        }
    }
    return String(validating: bytes, as: UTF8.self)
}

@inline(__always)
func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: return byte - 0x30
    case 0x41...0x46: return byte - 0x41 + 10
    case 0x61...0x66: return byte - 0x61 + 10
    default: return nil
    }
}

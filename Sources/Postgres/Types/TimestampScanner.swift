/// Reads PostgreSQL's ISO timestamp output: `YYYY-MM-DD HH:MM:SS[.ffffff][±HH[:MM[:SS]]][ BC]`.
struct TimestampScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    /// The instant in microseconds since 1970-01-01 UTC, or nil when the text is not a timestamp.
    mutating func microsecondsSince1970() -> Int64? {
        guard let year = number(minDigits: 4, maxDigits: 7), skip("-"),
              let month = number(digits: 2), (1...12).contains(month), skip("-"),
              let day = number(digits: 2), (1...31).contains(day), skip(" ") || skip("T"),
              let hour = number(digits: 2), hour <= 24, skip(":"),
              let minute = number(digits: 2), minute < 60, skip(":"),
              let second = number(digits: 2), second < 60
        else { return nil }
        var micros: Int64 = 0
        if skip(".") {
            let start = position
            guard let fraction = number(minDigits: 1, maxDigits: 6) else { return nil }
            let digits = position - start
            micros = fraction * Self.powerOfTen(6 - digits)
        }
        var offsetSeconds: Int64 = 0
        if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            position += 1
            guard let hours = number(digits: 2) else { return nil }
            var offset = hours * 3600
            if skip(":") {
                guard let minutes = number(digits: 2) else { return nil }
                offset += minutes * 60
                if skip(":") {
                    guard let seconds = number(digits: 2) else { return nil }
                    offset += seconds
                }
            }
            offsetSeconds = sign == UInt8(ascii: "-") ? -offset : offset
        }
        var astronomicalYear = year
        if skip(" ") {
            guard skip("B"), skip("C") else { return nil }
            astronomicalYear = 1 - year
        }
        guard position == bytes.count else { return nil }
        let days = CivilDate(year: astronomicalYear, month: month, day: day).daysSince1970
        let localSeconds = days * 86_400 + hour * 3600 + minute * 60 + second
        return (localSeconds - offsetSeconds) * 1_000_000 + micros
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard peek() == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    private mutating func number(digits: Int) -> Int64? { number(minDigits: digits, maxDigits: digits) }

    private mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
        var value: Int64 = 0
        var count = 0
        while count < maxDigits, let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            position += 1
            count += 1
        }
        return count >= minDigits ? value : nil
    }

    private static func powerOfTen(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { product, _ in product * 10 }
    }
}

/// The limits a field's description states in prose ("1-4096 characters", "1-64 bytes", "1-100.",
/// "At most 100 commands"): the spec has no structured form of them, so they are read from the text.
struct FieldLimits: Sendable {
    enum LengthUnit: Sendable, Equatable {
        case characters
        case bytes
    }

    var length: (range: ClosedRange<Int>, unit: LengthUnit)?
    var integerRange: ClosedRange<Int64>?
    var maxItems: Int?

    init(description: String) {
        if let match = description.firstMatch(of: #/(\d+)-(\d+) ([Cc]haracters|[Bb]ytes)/#),
           let low = Int(match.1), let high = Int(match.2), low <= high {
            length = (low...high, match.3.lowercased() == "bytes" ? .bytes : .characters)
        }
        // "1-100. Defaults to 40", "Values between 1-100 are accepted", "5-2628000. Can't be used…"
        if let match = description.firstMatch(of: #/(\d+)-(\d+)(?:[.,;]| are accepted)/#),
           let low = Int64(match.1), let high = Int64(match.2), low <= high {
            integerRange = low...high
        }
        if let match = description.firstMatch(of: #/At most (\d+) /#), let count = Int(match.1) {
            maxItems = count
        }
    }

    /// The length of `text` in the unit the limit is stated in. Characters are Unicode scalars, as Telegram
    /// counts them after entities parsing.
    static func measure(_ text: String, in unit: LengthUnit) -> Int {
        switch unit {
        case .characters: text.unicodeScalars.count
        case .bytes: text.utf8.count
        }
    }
}

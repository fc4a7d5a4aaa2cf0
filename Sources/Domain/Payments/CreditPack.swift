/// Credits sold for Telegram Stars. A pack is known by what it gives and what it costs, so a button or an invoice
/// drawn for a pack that has since changed is recognised as stale.
public struct CreditPack: Sendable, Equatable, Hashable, Codable {
    public var credits: Int
    public var stars: Int

    public init(credits: Int, stars: Int) {
        self.credits = credits
        self.stars = stars
    }

    public static let defaults = [
        CreditPack(credits: 100, stars: 50), CreditPack(credits: 300, stars: 135), CreditPack(credits: 1000, stars: 400),
    ]

    /// `credits:stars` pairs separated by commas, e.g. `100:50,300:135`; nil when anything is malformed.
    public static func parse(_ text: String) -> [CreditPack]? {
        let packs = text.split(separator: ",").map { pair -> CreditPack? in
            let parts = pair.split(separator: ":").map { $0.trimmingWhitespace() }
            guard parts.count == 2, let credits = Int(parts[0]), let stars = Int(parts[1]),
                  credits > 0, (1...100_000).contains(stars)
            else { return nil }
            return CreditPack(credits: credits, stars: stars)
        }
        guard !packs.isEmpty, packs.allSatisfy({ $0 != nil }) else { return nil }
        let valid = packs.compactMap { $0 }
        return Set(valid).count == valid.count ? valid : nil
    }
}

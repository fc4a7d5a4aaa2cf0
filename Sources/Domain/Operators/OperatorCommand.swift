/// An operator's chat command (brief §3 step 11), read strictly: a known command whose arguments do not fit is
/// answered with its usage line, never guessed at. Only operators' messages are read this way; for anyone else
/// these words are whatever the dialogue makes of them.
public enum OperatorCommand: Sendable, Equatable {
    case stats
    case grant(CreditGrant)
    case user(id: Int64)
    case refund(chargeID: String)
    /// A known command with arguments that do not fit.
    case usage(Name)

    public enum Name: String, Sendable, CaseIterable {
        case stats, grant, user, refund
    }

    /// Telegram's charge ids are a few dozen characters; anything much longer is a paste gone wrong.
    public static let maxChargeIDLength = 128

    /// Reads `/name arguments` (`/name@BotName` too); nil when the text is not an operator command at all.
    public init?(text: String) {
        guard text.hasPrefix("/") else { return nil }
        let words = text.dropFirst().split(maxSplits: 3, whereSeparator: \.isWhitespace)
        guard let head = words.first, let nameText = head.split(separator: "@", maxSplits: 1).first,
              let name = Name(rawValue: nameText.lowercased())
        else { return nil }
        self = Self.read(name, arguments: Array(words.dropFirst())) ?? .usage(name)
    }

    /// The command with its arguments checked; nil when they do not fit. At most three arguments arrive, the last
    /// one holding the rest of the text (a grant's reason keeps its spaces).
    private static func read(_ name: Name, arguments: [Substring]) -> OperatorCommand? {
        switch (name, arguments.count) {
        case (.stats, 0):
            return .stats
        case (.user, 1):
            return userID(arguments[0]).map { .user(id: $0) }
        case (.refund, 1):
            let charge = arguments[0]
            return charge.count <= maxChargeIDLength ? .refund(chargeID: String(charge)) : nil
        case (.grant, 3):
            guard let user = userID(arguments[0]), let credits = Int(arguments[1]) else { return nil }
            return CreditGrant(userID: user, credits: credits, reason: String(arguments[2])).map { .grant($0) }
        default:
            return nil
        }
    }

    /// Telegram user ids are positive.
    private static func userID(_ text: Substring) -> Int64? {
        Int64(text).flatMap { $0 > 0 ? $0 : nil }
    }
}

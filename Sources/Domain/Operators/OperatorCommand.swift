/// An operator's chat command (brief §3 step 11), read strictly: a known command whose arguments do not fit is
/// answered with its usage line, never guessed at. Only operators' messages are read this way; for anyone else
/// these words are whatever the dialogue makes of them.
public enum OperatorCommand: Sendable, Equatable {
    case stats
    case grant(CreditGrant)
    case user(id: Int64)
    case refund(chargeID: String)
    /// The answer to a seller's `/paysupport` question, sent to them in this chat's name.
    case reply(userID: Int64, text: String)
    /// A known command with arguments that do not fit.
    case usage(Name)

    public enum Name: String, Sendable, CaseIterable {
        case stats, grant, user, refund, reply
    }

    /// A support answer fits in one Telegram message with room for its heading.
    public static let maxReplyLength = 3500

    /// Telegram's charge ids are a few dozen characters; anything much longer is a paste gone wrong.
    public static let maxChargeIDLength = 128

    /// Reads `/name arguments` (`/name@BotName` too); nil when the text is not an operator command at all.
    public init?(text: String) {
        guard text.hasPrefix("/") else { return nil }
        // A reply's text, like a grant's reason, is the rest of the line with its spaces.
        let isReply = text.dropFirst().lowercased().hasPrefix(Name.reply.rawValue)
        let words = text.dropFirst().split(maxSplits: isReply ? 2 : 3, whereSeparator: \.isWhitespace)
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
        case (.reply, 2):
            let text = arguments[1].trimmingWhitespace()
            guard let user = userID(arguments[0]), !text.isEmpty, text.count <= maxReplyLength else { return nil }
            return .reply(userID: user, text: text)
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

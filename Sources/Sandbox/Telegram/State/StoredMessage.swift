import Telegram

/// A message in a chat as the stand-in keeps it for tests: the current content (after edits) and who sent it.
public struct StoredMessage: Sendable, Equatable, Encodable {
    public enum Sender: String, Sendable, Equatable, Encodable {
        case bot
        case user
    }

    /// The invoice a `sendInvoice` message carries (Message in the Telegram module has no field for it).
    public struct Invoice: Sendable, Equatable, Encodable {
        public var title: String
        public var description: String
        public var payload: String
        public var currency: String
        public var totalAmount: Int64

        enum CodingKeys: String, CodingKey {
            case title, description, payload, currency
            case totalAmount = "total_amount"
        }
    }

    public var message: Message
    public var sender: Sender
    public var editCount: Int
    public var invoice: Invoice?

    public var messageID: Int64 { message.messageID }
    public var text: String? { message.text }
    public var caption: String? { message.caption }
    public var replyMarkup: InlineKeyboardMarkup? { message.replyMarkup }
    public var video: Video? { message.video }
    public var callbackData: [String] {
        message.replyMarkup?.inlineKeyboard.flatMap { $0.compactMap(\.callbackData) } ?? []
    }

    enum CodingKeys: String, CodingKey {
        case message, sender, invoice
        case editCount = "edit_count"
    }
}

public struct CallbackQuery: Codable, Sendable, Equatable {
    public var id: String
    public var from: User
    /// The message the button was on; its `date` is 0 when it is too old to be accessible.
    public var message: Message?
    /// Never read by the bot (the stand-in sends it, as Telegram does), so an update without it is still read.
    public var chatInstance: String?
    public var data: String?

    enum CodingKeys: String, CodingKey {
        case id, from, message, data
        case chatInstance = "chat_instance"
    }

    public init(id: String, from: User, message: Message? = nil, chatInstance: String? = nil, data: String? = nil) {
        self.id = id
        self.from = from
        self.message = message
        self.chatInstance = chatInstance
        self.data = data
    }
}

/// In a private chat this arrives when the user blocks (`kicked`) or unblocks (`member`) the bot.
public struct ChatMemberUpdated: Codable, Sendable, Equatable {
    public var chat: Chat
    public var from: User
    public var newChatMember: ChatMember

    enum CodingKeys: String, CodingKey {
        case chat, from
        case newChatMember = "new_chat_member"
    }

    public init(chat: Chat, from: User, newChatMember: ChatMember) {
        self.chat = chat
        self.from = from
        self.newChatMember = newChatMember
    }
}

public struct ChatMember: Codable, Sendable, Equatable {
    /// creator, administrator, member, restricted, left or kicked.
    public var status: String

    public init(status: String) {
        self.status = status
    }
}

public struct PreCheckoutQuery: Codable, Sendable, Equatable {
    public var id: String
    public var from: User
    public var currency: String
    public var totalAmount: Int
    public var invoicePayload: String

    enum CodingKeys: String, CodingKey {
        case id, from, currency
        case totalAmount = "total_amount"
        case invoicePayload = "invoice_payload"
    }
}

public struct SuccessfulPayment: Codable, Sendable, Equatable {
    public var currency: String
    public var totalAmount: Int
    public var invoicePayload: String
    public var telegramPaymentChargeID: String

    enum CodingKeys: String, CodingKey {
        case currency
        case totalAmount = "total_amount"
        case invoicePayload = "invoice_payload"
        case telegramPaymentChargeID = "telegram_payment_charge_id"
    }
}

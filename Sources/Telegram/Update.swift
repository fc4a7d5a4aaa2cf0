/// An incoming update. Only the kinds the bot acts on are decoded, and of them only the fields it reads are demanded;
/// every other field and kind is ignored, so a new Bot API version (or an old sample) never breaks decoding.
public struct Update: Codable, Sendable, Equatable {
    public var updateID: Int64
    public var message: Message?
    public var callbackQuery: CallbackQuery?
    public var myChatMember: ChatMemberUpdated?
    public var preCheckoutQuery: PreCheckoutQuery?

    enum CodingKeys: String, CodingKey {
        case updateID = "update_id"
        case message
        case callbackQuery = "callback_query"
        case myChatMember = "my_chat_member"
        case preCheckoutQuery = "pre_checkout_query"
    }

    public init(updateID: Int64, message: Message? = nil, callbackQuery: CallbackQuery? = nil,
                myChatMember: ChatMemberUpdated? = nil, preCheckoutQuery: PreCheckoutQuery? = nil) {
        self.updateID = updateID
        self.message = message
        self.callbackQuery = callbackQuery
        self.myChatMember = myChatMember
        self.preCheckoutQuery = preCheckoutQuery
    }
}

public struct User: Codable, Sendable, Equatable {
    public var id: Int64
    public var isBot: Bool
    public var firstName: String
    public var username: String?
    public var languageCode: String?

    enum CodingKeys: String, CodingKey {
        case id, username
        case isBot = "is_bot"
        case firstName = "first_name"
        case languageCode = "language_code"
    }

    public init(id: Int64, isBot: Bool = false, firstName: String, username: String? = nil, languageCode: String? = nil) {
        self.id = id
        self.isBot = isBot
        self.firstName = firstName
        self.username = username
        self.languageCode = languageCode
    }

    /// Telegram's own sample updates leave out `is_bot`; a sender that does not say it is a bot is taken for a person.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int64.self, forKey: .id)
        isBot = try container.decodeIfPresent(Bool.self, forKey: .isBot) ?? false
        firstName = try container.decode(String.self, forKey: .firstName)
        username = try container.decodeIfPresent(String.self, forKey: .username)
        languageCode = try container.decodeIfPresent(String.self, forKey: .languageCode)
    }
}

public struct Chat: Codable, Sendable, Equatable {
    public var id: Int64
    /// "private", "group", "supergroup" or "channel".
    public var type: String

    public init(id: Int64, type: String) {
        self.id = id
        self.type = type
    }
}

public struct SendMessage: TelegramMethod {
    public typealias Result = Message
    public static let name = "sendMessage"
    public var chatID: Int64
    public var text: String
    public var replyMarkup: InlineKeyboardMarkup?

    enum CodingKeys: String, CodingKey {
        case text
        case chatID = "chat_id"
        case replyMarkup = "reply_markup"
    }

    public init(chatID: Int64, text: String, replyMarkup: InlineKeyboardMarkup? = nil) {
        self.chatID = chatID
        self.text = text
        self.replyMarkup = replyMarkup
    }
}

public struct EditMessageText: TelegramMethod {
    public typealias Result = EditResult
    public static let name = "editMessageText"
    public var chatID: Int64
    public var messageID: Int64
    public var text: String
    public var replyMarkup: InlineKeyboardMarkup?

    enum CodingKeys: String, CodingKey {
        case text
        case chatID = "chat_id"
        case messageID = "message_id"
        case replyMarkup = "reply_markup"
    }

    public init(chatID: Int64, messageID: Int64, text: String, replyMarkup: InlineKeyboardMarkup? = nil) {
        self.chatID = chatID
        self.messageID = messageID
        self.text = text
        self.replyMarkup = replyMarkup
    }
}

public struct EditMessageReplyMarkup: TelegramMethod {
    public typealias Result = EditResult
    public static let name = "editMessageReplyMarkup"
    public var chatID: Int64
    public var messageID: Int64
    public var replyMarkup: InlineKeyboardMarkup?

    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id"
        case messageID = "message_id"
        case replyMarkup = "reply_markup"
    }

    public init(chatID: Int64, messageID: Int64, replyMarkup: InlineKeyboardMarkup?) {
        self.chatID = chatID
        self.messageID = messageID
        self.replyMarkup = replyMarkup
    }
}

public struct AnswerCallbackQuery: TelegramMethod, Equatable {
    public typealias Result = Bool
    public static let name = "answerCallbackQuery"
    public var callbackQueryID: String
    public var text: String?
    public var showAlert: Bool?

    enum CodingKeys: String, CodingKey {
        case text
        case callbackQueryID = "callback_query_id"
        case showAlert = "show_alert"
    }

    public init(callbackQueryID: String, text: String? = nil, showAlert: Bool? = nil) {
        self.callbackQueryID = callbackQueryID
        self.text = text
        self.showAlert = showAlert
    }
}

public struct SendChatAction: TelegramMethod {
    public typealias Result = Bool
    public static let name = "sendChatAction"
    public var chatID: Int64
    /// typing, upload_video, ...
    public var action: String

    enum CodingKeys: String, CodingKey {
        case action
        case chatID = "chat_id"
    }

    public init(chatID: Int64, action: String) {
        self.chatID = chatID
        self.action = action
    }
}

public struct GetFile: TelegramMethod {
    public typealias Result = File
    public static let name = "getFile"
    public var fileID: String

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
    }

    public init(fileID: String) {
        self.fileID = fileID
    }
}

public struct GetMe: TelegramMethod {
    public typealias Result = User
    public static let name = "getMe"

    public init() {}
}

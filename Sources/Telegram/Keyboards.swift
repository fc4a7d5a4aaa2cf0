public struct InlineKeyboardMarkup: Codable, Sendable, Equatable {
    public var inlineKeyboard: [[InlineKeyboardButton]]

    enum CodingKeys: String, CodingKey {
        case inlineKeyboard = "inline_keyboard"
    }

    public init(_ rows: [[InlineKeyboardButton]]) {
        inlineKeyboard = rows
    }
}

/// A button with its text and exactly one action.
public struct InlineKeyboardButton: Codable, Sendable, Equatable {
    public var text: String
    public var callbackData: String?
    public var url: String?
    public var pay: Bool?

    enum CodingKeys: String, CodingKey {
        case text, url, pay
        case callbackData = "callback_data"
    }

    public static func callback(_ text: String, data: String) -> InlineKeyboardButton {
        InlineKeyboardButton(text: text, callbackData: data)
    }

    public static func link(_ text: String, url: String) -> InlineKeyboardButton {
        InlineKeyboardButton(text: text, url: url)
    }

    public static func payButton(_ text: String) -> InlineKeyboardButton {
        InlineKeyboardButton(text: text, pay: true)
    }

    public init(text: String, callbackData: String? = nil, url: String? = nil, pay: Bool? = nil) {
        self.text = text
        self.callbackData = callbackData
        self.url = url
        self.pay = pay
    }
}

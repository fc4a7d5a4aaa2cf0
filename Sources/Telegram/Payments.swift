/// Telegram Stars payments for digital goods: an invoice in `XTR` with an empty provider token and one price, the
/// pre-checkout answer, and the refund.
public struct SendInvoice: TelegramMethod {
    public typealias Result = Message
    public static let name = "sendInvoice"
    public static let stars = "XTR"
    public var chatID: Int64
    public var title: String
    public var description: String
    public var payload: String
    public var providerToken = ""
    public var currency = SendInvoice.stars
    public var prices: [LabeledPrice]

    enum CodingKeys: String, CodingKey {
        case title, description, payload, currency, prices
        case chatID = "chat_id"
        case providerToken = "provider_token"
    }

    public init(chatID: Int64, title: String, description: String, payload: String, stars: Int) {
        self.chatID = chatID
        self.title = title
        self.description = description
        self.payload = payload
        prices = [LabeledPrice(label: title, amount: stars)]
    }
}

public struct LabeledPrice: Codable, Sendable, Equatable {
    public var label: String
    public var amount: Int

    public init(label: String, amount: Int) {
        self.label = label
        self.amount = amount
    }
}

public struct AnswerPreCheckoutQuery: TelegramMethod {
    public typealias Result = Bool
    public static let name = "answerPreCheckoutQuery"
    public var preCheckoutQueryID: String
    public var ok: Bool
    public var errorMessage: String?

    enum CodingKeys: String, CodingKey {
        case ok
        case preCheckoutQueryID = "pre_checkout_query_id"
        case errorMessage = "error_message"
    }

    public init(preCheckoutQueryID: String, ok: Bool, errorMessage: String? = nil) {
        self.preCheckoutQueryID = preCheckoutQueryID
        self.ok = ok
        self.errorMessage = errorMessage
    }
}

public struct RefundStarPayment: TelegramMethod {
    public typealias Result = Bool
    public static let name = "refundStarPayment"
    public var userID: Int64
    public var telegramPaymentChargeID: String

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case telegramPaymentChargeID = "telegram_payment_charge_id"
    }

    public init(userID: Int64, telegramPaymentChargeID: String) {
        self.userID = userID
        self.telegramPaymentChargeID = telegramPaymentChargeID
    }
}

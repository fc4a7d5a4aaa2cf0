import Telegram

/// Everything the stand-in remembers, guarded by one lock in `TelegramStandIn`.
struct StandInState: Sendable {
    var chats: [Int64: ChatRecord] = [:]
    var files = FileStore()
    var callbackQueries: [String: CallbackQueryRecord] = [:]
    var preCheckoutQueries: [String: PreCheckoutQueryRecord] = [:]
    /// Payments made in Stars, by `telegram_payment_charge_id`.
    var starPayments: [String: StarPaymentRecord] = [:]
    var violations: [TelegramViolation] = []
    /// setMyCommands lists, keyed by scope and language ("default|", "default|ru").
    var commands: [String: [BotCommand]] = [:]
    var rateLimiter: RateLimiter
    /// See `TelegramStandInConfiguration.knowsEveryUser`.
    let knowsEveryUser: Bool
    private var lastQueryNumber: Int64 = 0

    init(rateLimits: TelegramStandInConfiguration.RateLimits, knowsEveryUser: Bool = false) {
        rateLimiter = RateLimiter(limits: rateLimits)
        self.knowsEveryUser = knowsEveryUser
    }

    /// Query ids are long opaque numbers in Telegram; these only need to be unique.
    mutating func nextQueryID(userID: Int64) -> String {
        lastQueryNumber += 1
        return "\(userID)\(String(lastQueryNumber).leftPadded(to: 6))"
    }
}

/// A callback query a fake user caused by pressing a button, and how the bot answered it.
public struct CallbackQueryRecord: Sendable, Equatable {
    public var id: String
    public var userID: Int64
    public var messageID: Int64
    public var data: String
    public var answered = false
    public var answerText: String?
    public var showAlert = false
    let created: ContinuousClock.Instant
}

/// A payment in Stars a fake user made, and whether the bot refunded it.
public struct StarPaymentRecord: Sendable, Equatable {
    public var chargeID: String
    public var userID: Int64
    public var stars: Int64
    public var refunded = false
}

/// A pre-checkout query a fake user caused by paying an invoice, and the bot's answer.
public struct PreCheckoutQueryRecord: Sendable, Equatable {
    public var id: String
    public var userID: Int64
    public var invoice: StoredMessage.Invoice
    /// nil until answered; then whether the bot accepted the order.
    public var accepted: Bool?
    public var errorMessage: String?
}

/// A call the bot made that Telegram would reject for breaking the Bot API.
public struct TelegramViolation: Sendable, Equatable, Encodable {
    public var method: String
    public var description: String

    public init(method: String, description: String) {
        self.method = method
        self.description = description
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

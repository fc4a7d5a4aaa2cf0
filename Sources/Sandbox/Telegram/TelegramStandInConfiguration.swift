/// Everything the Telegram stand-in can be tuned by; every limit and delay is configurable so tests can
/// tighten or shorten them.
public struct TelegramStandInConfiguration: Sendable {
    /// Telegram's published sending limits (FAQ): ~30 messages/s overall, ~1/s per chat with short bursts.
    public struct RateLimits: Sendable {
        public var enabled: Bool
        public var globalPerSecond: Double
        public var globalBurst: Int
        public var perChatPerSecond: Double
        public var perChatBurst: Int

        public init(enabled: Bool = true, globalPerSecond: Double = 30, globalBurst: Int = 30,
                    perChatPerSecond: Double = 1, perChatBurst: Int = 3) {
            self.enabled = enabled
            self.globalPerSecond = globalPerSecond
            self.globalBurst = max(1, globalBurst)
            self.perChatPerSecond = perChatPerSecond
            self.perChatBurst = max(1, perChatBurst)
        }

        public static let off = RateLimits(enabled: false)
    }

    /// How updates are pushed to the webhook. Telegram retries a failed update at once, then after 2, 4, 8, 16
    /// and 32 s, then about every minute; one update per chat is in flight at a time.
    public struct WebhookDelivery: Sendable {
        public var requestTimeout: Duration
        public var initialBackoff: Duration
        public var maxBackoff: Duration
        /// Give up on an update after this many failed attempts; nil retries until the stand-in stops.
        public var maxAttempts: Int?
        /// Threads delivering at once (each to a different chat).
        public var concurrency: Int

        public init(requestTimeout: Duration = .seconds(60), initialBackoff: Duration = .seconds(2),
                    maxBackoff: Duration = .seconds(60), maxAttempts: Int? = nil, concurrency: Int = 4) {
            self.requestTimeout = requestTimeout
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.maxAttempts = maxAttempts
            self.concurrency = max(1, concurrency)
        }

        /// The wait before retry number `retry` (1-based): the first retry is immediate, then doubling.
        func delay(beforeRetry retry: Int) -> Duration {
            guard retry > 1 else { return .zero }
            let doubled = initialBackoff * Int(1 << min(retry - 2, 20))
            return min(doubled, maxBackoff)
        }
    }

    public var host: String
    /// 0 picks a free port.
    public var port: Int
    public var botToken: String
    public var botName: String
    public var botUsername: String
    /// Where `bot-api-spec.json` is read from; nil or a missing file turns validation off.
    public var specPath: String?
    public var rateLimits: RateLimits
    /// Takes any positive chat id it has not seen as a user who started the bot from another client, and any
    /// callback query id as a fresh press, so a bench whose updates come from elsewhere (wrk) has its replies
    /// delivered and its presses answered.
    public var knowsEveryUser = false
    public var webhook: WebhookDelivery
    /// Largest upload the bot may send (Telegram: 50 MB for sendVideo).
    public var maxUploadBytes: Int
    /// Largest file getFile describes (Telegram: 20 MB).
    public var maxDownloadBytes: Int
    /// How long a callback query can be answered (Telegram drops one after about 150 s).
    public var callbackQueryLifetime: Duration

    public init(host: String = "127.0.0.1", port: Int = 0, botToken: String = "123456789:SANDBOX-stand-in-token",
                botName: String = "NeuroCards", botUsername: String = "neurocards_sandbox_bot",
                specPath: String? = BotAPISpec.defaultPath, rateLimits: RateLimits = RateLimits(),
                webhook: WebhookDelivery = WebhookDelivery(), maxUploadBytes: Int = 50 << 20,
                maxDownloadBytes: Int = 20 << 20, callbackQueryLifetime: Duration = .seconds(150)) {
        self.host = host
        self.port = port
        self.botToken = botToken
        self.botName = botName
        self.botUsername = botUsername
        self.specPath = specPath
        self.rateLimits = rateLimits
        self.webhook = webhook
        self.maxUploadBytes = maxUploadBytes
        self.maxDownloadBytes = maxDownloadBytes
        self.callbackQueryLifetime = callbackQueryLifetime
    }

    /// The bot's user id: the digits before the colon of its token, as in Telegram.
    var botUserID: Int64 {
        Int64(botToken.prefix { $0 != ":" }) ?? 1
    }
}

import Bot
import Domain
import Foundation
import HTTPServer
import KIE
import Logging

/// Everything the service reads from its environment (brief §5), parsed and checked once at start-up.
public struct AppConfiguration: Sendable {
    public var listenAddress: ListenAddress
    public var databaseURL: String
    public var publicBaseURL: String?
    public var telegram: Telegram
    public var openAI: OpenAI
    public var kie: KIE
    public var signingSecret: String?
    public var mediaDirectory: String
    public var workers: Int
    public var adminIDs: [Int64]
    public var supportChatID: Int64?
    public var freeCredits: Int
    public var videoPrice: Int
    public var creditPacks: [CreditPack]
    public var referralBonus: Int
    public var logLevel: Logger.Level

    static func isValidWebhookSecret(_ secret: String) -> Bool {
        isLabel(secret, length: 1...256)
    }

    /// `length` characters of A-Z, a-z, 0-9, _ and -.
    static func isLabel(_ text: String, length: ClosedRange<Int>) -> Bool {
        length.contains(text.utf8.count)
            && text.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    public struct Telegram: Sendable {
        public var botToken: String?
        public var webhookSecret: String?
        public var apiBase: String
        /// The bot's @username, for the links sellers share; no referral link without it.
        public var botUsername: String?
    }

    public struct OpenAI: Sendable {
        public var apiKey: String?
        public var baseURL: String
        public var model: String
    }

    public struct KIE: Sendable {
        /// `KIE_API_KEYS`: each key with its account (`account:key`), or alone as an account of its own.
        public var apiKeys: [KIEAPIKey]
        public var baseURL: String
        public var model: String
        public var fallbackModels: [String]
        public var webhookHMACKey: String?
        /// Hosts result videos may be downloaded from (names, `*.` wildcards, addresses).
        public var resultHosts: [String]
        /// Results on loopback and private addresses, over plain http too: the stand-ins, never production.
        public var resultAllowPrivate: Bool

        /// Where result videos may come from.
        public var resultURLs: ResultURLPolicy {
            ResultURLPolicy(hosts: resultHosts, allowsPrivateAddresses: resultAllowPrivate)
        }

        /// The catalogue entry of `model`, which the configuration checked is there.
        public var orderModel: KIEModel {
            KIECatalogue.model(slug: model) ?? KIECatalogue.seedance15Pro
        }
    }

    public init(environment: Environment) throws {
        let reader = EnvironmentReader(environment)
        listenAddress = try reader.parsed("LISTEN_ADDR", default: "127.0.0.1:8080") { try ListenAddress(parsing: $0) }
        databaseURL = try reader.required("DATABASE_URL")
        publicBaseURL = try reader.optionalURL("PUBLIC_BASE_URL")
        telegram = Telegram(
            botToken: reader.optional("TELEGRAM_BOT_TOKEN"),
            webhookSecret: reader.optional("TELEGRAM_WEBHOOK_SECRET"),
            apiBase: try reader.url("TELEGRAM_API_BASE", default: "https://api.telegram.org"),
            botUsername: try reader.optional("TELEGRAM_BOT_USERNAME").map { name in
                let bare = name.hasPrefix("@") ? String(name.dropFirst()) : name
                guard (5...32).contains(bare.count), bare.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
                else { throw ConfigurationError(variable: "TELEGRAM_BOT_USERNAME", problem: "must be a bot's @username") }
                return bare
            })
        openAI = OpenAI(
            apiKey: reader.optional("OPENAI_API_KEY"),
            baseURL: try reader.url("OPENAI_BASE_URL", default: "https://api.openai.com/v1"),
            model: reader.optional("OPENAI_MODEL") ?? "gpt-4o-mini")
        kie = KIE(
            apiKeys: try Self.kieAPIKeys(reader.list("KIE_API_KEYS")),
            baseURL: try reader.url("KIE_BASE_URL", default: "https://api.kie.ai"),
            model: reader.optional("KIE_MODEL") ?? "bytedance/seedance-1.5-pro",
            fallbackModels: reader.optional("KIE_FALLBACK_MODELS") == nil
                ? ["grok-imagine-video-1-5-preview", "kling/v3-turbo-image-to-video"] : reader.list("KIE_FALLBACK_MODELS"),
            webhookHMACKey: reader.optional("KIE_WEBHOOK_HMAC_KEY"),
            resultHosts: try reader.parsed("KIE_RESULT_HOSTS", default: KIEResultHosts.current.joined(separator: ",")) { text in
                let hosts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                return !hosts.isEmpty && hosts.allSatisfy(ResultURLPolicy.isValidHostPattern) ? hosts : nil
            },
            resultAllowPrivate: try reader.parsed("KIE_RESULT_ALLOW_PRIVATE", default: "0") { ["0": false, "1": true][$0] })
        signingSecret = reader.optional("SIGNING_SECRET")
        mediaDirectory = reader.optional("MEDIA_DIR") ?? "media"
        workers = try reader.integer("WORKERS", default: 5, range: 1...256)
        adminIDs = try reader.list("ADMIN_IDS").map { try reader.int64($0, variable: "ADMIN_IDS") }
        supportChatID = try reader.optional("SUPPORT_CHAT_ID").map { try reader.int64($0, variable: "SUPPORT_CHAT_ID") }
        freeCredits = try reader.integer("FREE_CREDITS", default: 10, range: 0...1_000_000)
        videoPrice = try reader.integer("VIDEO_PRICE", default: 10, range: 1...1_000_000)
        creditPacks = try reader.parsed("CREDIT_PACKS", default: "100:50,300:135,1000:400") { CreditPack.parse($0) }
        referralBonus = try reader.integer("REFERRAL_BONUS", default: 50, range: 0...1_000_000)
        logLevel = try reader.parsed("LOG_LEVEL", default: "info") { Logger.Level(rawValue: $0.lowercased()) }
        for (variable, slug) in [("KIE_MODEL", kie.model)] + kie.fallbackModels.map({ ("KIE_FALLBACK_MODELS", $0) })
        where KIECatalogue.model(slug: slug) == nil {
            throw ConfigurationError(variable: variable, problem: "names \(slug.debugDescription), which is not in the model catalogue")
        }
        if let secret = telegram.webhookSecret, !Self.isValidWebhookSecret(secret) {
            throw ConfigurationError(variable: "TELEGRAM_WEBHOOK_SECRET",
                                     problem: "must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        }
        if let secret = signingSecret, secret.utf8.count < 32 {
            throw ConfigurationError(variable: "SIGNING_SECRET", problem: "must be at least 32 characters long")
        }
    }

    /// The bot's credentials, which every role that talks to Telegram needs.
    public func requireTelegram() throws -> (token: String, webhookSecret: String) {
        guard let token = telegram.botToken else {
            throw ConfigurationError(variable: "TELEGRAM_BOT_TOKEN", problem: "is not set")
        }
        guard let secret = telegram.webhookSecret else {
            throw ConfigurationError(variable: "TELEGRAM_WEBHOOK_SECRET", problem: "is not set")
        }
        return (token, secret)
    }

    /// What the video pipeline cannot run without.
    public func requirePipeline() throws -> (publicBaseURL: String, signingSecret: String, kieKeys: [KIEAPIKey]) {
        guard let base = publicBaseURL else {
            throw ConfigurationError(variable: "PUBLIC_BASE_URL", problem: "is not set")
        }
        guard let secret = signingSecret else {
            throw ConfigurationError(variable: "SIGNING_SECRET", problem: "is not set")
        }
        guard !kie.apiKeys.isEmpty else {
            throw ConfigurationError(variable: "KIE_API_KEYS", problem: "is not set")
        }
        return (base, secret, kie.apiKeys)
    }

    /// Values that must never reach a log line, whatever the code around them does.
    public var secrets: [String] {
        var values = [telegram.botToken, telegram.webhookSecret, openAI.apiKey, kie.webhookHMACKey, signingSecret]
            .compactMap { $0 } + kie.apiKeys.map(\.secret)
        if let password = URLComponents(string: databaseURL)?.password, !password.isEmpty { values.append(password) }
        return values
    }
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (48...57).contains(self) || (65...90).contains(self) || (97...122).contains(self)
    }
}

import Bot
import Foundation
import HTTPClient
import HTTPServer
import LocalPorts
import Logging
import Postgres
import Sandbox
import KIE
import Telegram
import TestSupport
@testable import App

/// The whole bot against the Telegram stand-in: a fresh database, the stand-in, and `serve` with its workers,
/// wired as in production (webhook with the secret header, outbox through the Bot API).
final class BotHarness {
    static let webhookSecret = "test-webhook-secret_42"
    static let signingSecret = "test-signing-secret-that-is-long-enough-0123"
    let standIn: TelegramStandIn
    let openAI: OpenAIStandIn
    let kie: KIEStandIn
    let service: Service
    let mediaDirectory: String
    static let kieKeys = ["kie-test-key-1", "kie-test-key-2"]
    static let supportChatID: Int64 = 999
    let webhookURL: String
    let publicBaseURL: String
    /// The service's database, for processes the tests start beside it (`neurocards admin`).
    let databaseURL: String
    private var nextUserID: Int64 = 1000

    init(database name: String, freeCredits: Int = 30, videoPrice: Int = 10,
         rateLimits: TelegramStandInConfiguration.RateLimits = .off, tuning: Service.Tuning = BotHarness.fastTuning,
         kieKeys: [String] = BotHarness.kieKeys, extraEnvironment: [String: String] = [:]) throws {
        var standInConfiguration = TelegramStandInConfiguration()
        standInConfiguration.rateLimits = rateLimits
        standInConfiguration.webhook.initialBackoff = .milliseconds(50)
        standIn = TelegramStandIn(configuration: standInConfiguration, logger: Logger(label: "stand-in"))
        try standIn.start()
        openAI = OpenAIStandIn(logger: Logger(label: "openai-stand-in"))
        try openAI.start()
        let port = try FreePort.find()
        kie = try KIEStandIn(configuration: KIEStandInConfiguration(
            apiKeys: kieKeys, webhookHMACKey: extraEnvironment["KIE_WEBHOOK_HMAC_KEY"]), logger: Logger(label: "kie-stand-in"))
        try kie.start()
        mediaDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("nc-media-\(name)").path
        // Fresh like the database: a photo or video a previous run left under the same ids would be taken as made.
        try? FileManager.default.removeItem(atPath: mediaDirectory)
        let configuration = try AppConfiguration(environment: Environment(extraEnvironment.merging([
            "DATABASE_URL": try TestDatabase.freshDatabase(named: name),
            "LISTEN_ADDR": "127.0.0.1:\(port)",
            "PUBLIC_BASE_URL": "http://127.0.0.1:\(port)",
            "SIGNING_SECRET": Self.signingSecret,
            "MEDIA_DIR": mediaDirectory,
            "KIE_API_KEYS": kieKeys.joined(separator: ","),
            "KIE_BASE_URL": kie.baseURL,
            // The KIE stand-in serves results from this machine, over http.
            "KIE_RESULT_HOSTS": "127.0.0.1",
            "KIE_RESULT_ALLOW_PRIVATE": "1",
            "SUPPORT_CHAT_ID": "\(Self.supportChatID)",
            "OPENAI_BASE_URL": openAI.baseURL,
            "OPENAI_API_KEY": OpenAIStandInConfiguration().apiKey,
            "TELEGRAM_BOT_TOKEN": standInConfiguration.botToken,
            "TELEGRAM_WEBHOOK_SECRET": Self.webhookSecret,
            "TELEGRAM_API_BASE": standIn.baseURL,
            "WORKERS": "4",
            "FREE_CREDITS": "\(freeCredits)",
            "VIDEO_PRICE": "\(videoPrice)",
        ]) { mine, _ in mine }))
        databaseURL = configuration.databaseURL
        service = try Service(configuration: configuration, metrics: testMetrics, logger: Logger(label: "service"),
                              tuning: tuning)
        try service.start()
        guard case .tcp(let host, let port) = service.boundAddress else { throw HTTPError(.internalServerError) }
        webhookURL = "http://\(host):\(port)/telegram/webhook"
        publicBaseURL = "http://\(host):\(port)"
        standIn.setWebhook(url: webhookURL, secretToken: Self.webhookSecret)
    }

    deinit {
        service.stop()
        standIn.shutdown()
        openAI.shutdown()
        kie.shutdown()
    }

    /// Short timings so every pipeline path finishes in seconds.
    static var fastTuning: Service.Tuning {
        var tuning = Service.Tuning()
        tuning.pipeline.callbackGrace = .seconds(2)
        tuning.pipeline.pollInterval = .milliseconds(500)
        tuning.pipeline.statusThrottle = .milliseconds(200)
        tuning.pipeline.keyCooldown = .seconds(1)
        tuning.pipeline.billingPause = .seconds(2)
        tuning.sendLimits = SendRateLimiter.Limits(globalPerSecond: 1000, perChatInterval: .milliseconds(50), perChatBurst: 10)
        return tuning
    }

    func newUser(language: String = "en", name: String = "Anna") -> User {
        nextUserID += 1
        return User(id: nextUserID, firstName: name, languageCode: language)
    }

    /// The bot's messages in the chat once it has sent at least `count`.
    @discardableResult
    func botMessages(_ user: User, count: Int) throws -> [StoredMessage] {
        try standIn.waitForMessages(chat: user.id, count: count, from: .bot).filter { $0.sender == .bot }
    }

    /// Waits until the message's text satisfies `condition` (edits arrive through the outbox).
    func waitForText(_ user: User, messageID: Int64, _ condition: @escaping (String) -> Bool) -> String? {
        var text: String?
        let held = standIn.waitUntil {
            text = standIn.chat(user: user).first { $0.messageID == messageID }?.message.text
            return text.map(condition) ?? false
        }
        return held ? text : nil
    }

    func press(_ user: User, on message: StoredMessage, _ data: String) throws {
        _ = try standIn.pressButton(user: user, messageID: message.messageID, data: data)
    }

    func buttonData(_ message: StoredMessage) -> [String] {
        message.message.replyMarkup?.inlineKeyboard.flatMap { $0 }.compactMap(\.callbackData) ?? []
    }

    func query<T: PostgresDecodable>(_ sql: String, _ parameters: [any PostgresEncodable] = [], as: T.Type) throws -> T {
        guard let row = try service.database.query(sql, parameters).first else { throw HTTPError(.notFound, sql) }
        return try row.decode(at: 0, as: T.self)
    }

    /// Money is never lost: every balance equals the sum of its ledger rows.
    func ledgerMismatches() throws -> [Int64] {
        try service.database.withConnection { try Ledger.mismatches(on: $0) }
    }

    /// Waits until Telegram has nothing left to deliver and the bot's outbox is empty.
    func settle() -> Bool {
        standIn.waitUntil {
            let pending = (try? query("""
                SELECT count(*)::int FROM jobs WHERE kind LIKE 'telegram.%' AND state IN ('available', 'running')
                """, as: Int.self)) ?? 1
            return standIn.pendingUpdateCount == 0 && pending == 0
        }
    }

    /// Posts a raw update to the webhook as Telegram would (or would not, with another secret).
    func postUpdate(_ json: String, secret: String? = BotHarness.webhookSecret) throws -> HTTPClientResponse {
        try Self.post(json, to: webhookURL, secret: secret)
    }

    /// Posts the updates at the same moment, each on a connection of its own, as Telegram does with updates from
    /// different queues; returns their statuses in order (0 for no answer).
    func postUpdatesAtOnce(_ bodies: [String]) -> [Int] {
        let url = webhookURL
        let statuses = Locked([Int](repeating: 0, count: bodies.count))
        DispatchQueue.concurrentPerform(iterations: bodies.count) { index in
            let status = (try? Self.post(bodies[index], to: url, secret: Self.webhookSecret).status) ?? 0
            statuses.withLock { $0[index] = status }
        }
        return statuses.withLock { $0 }
    }

    private static func post(_ json: String, to url: String, secret: String?) throws -> HTTPClientResponse {
        var headers = [("Content-Type", "application/json")]
        if let secret { headers.append(("X-Telegram-Bot-Api-Secret-Token", secret)) }
        return try HTTPClient().send(HTTPClientRequest(method: "POST", url: url, headers: headers,
                                                       body: .bytes(Array(json.utf8))))
    }
}

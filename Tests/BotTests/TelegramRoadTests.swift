@testable import Bot
import HTTPClient
import Logging
import Postgres
import Sandbox
import Telegram
import TestSupport
import Testing

/// The one road to Telegram against the Telegram stand-in: each answer Telegram gives is read by one policy.
@Suite(.serialized) final class TelegramRoadTests {
    let pool: PostgresPool
    let standIn: TelegramStandIn
    let road: TelegramRoad

    /// Telegram's flood control is on only when a test asks for it.
    init(rateLimits: TelegramStandInConfiguration.RateLimits = .off,
         budget: SendRateLimiter.Limits = .init(globalPerSecond: 10_000, perChatInterval: .milliseconds(1),
                                                perChatBurst: 100)) throws {
        pool = try BotDatabase.pool(named: "telegram_road")
        var configuration = TelegramStandInConfiguration()
        configuration.rateLimits = rateLimits
        standIn = TelegramStandIn(configuration: configuration, logger: BotDatabase.logger)
        try standIn.start()
        let client = TelegramClient(token: configuration.botToken, apiBase: standIn.baseURL, http: HTTPClient())
        // Unless a test narrows it, this process's own budget is wide open, so what comes back is Telegram's answer.
        road = TelegramRoad(client: client, pool: pool, limiter: SendRateLimiter(limits: budget), logger: BotDatabase.logger)
    }

    convenience init() throws {
        try self.init(rateLimits: .off)
    }

    deinit {
        standIn.shutdown()
    }

    /// A seller who has started the bot, known to the database.
    func seller(_ id: Int64) throws -> User {
        let user = User(id: id, firstName: "Anna", languageCode: "en")
        _ = standIn.sendText(from: user, text: "/start")
        try pool.execute("INSERT INTO users (id, chat_id) VALUES ($1, $1) ON CONFLICT DO NOTHING", [id])
        return user
    }

    func send(_ text: String, to chatID: Int64, ticket: Int64) throws -> SendResult<Message> {
        let client = road.client
        return try road.send(to: chatID, as: .message(ticket: ticket)) {
            try client.call(SendMessage(chatID: $0, text: text))
        }
    }

    @Test func aSentMessageComesBackAsSent() throws {
        let user = try seller(101)
        guard case .sent(let message) = try send("hello", to: user.id, ticket: 1) else {
            Issue.record("not sent")
            return
        }
        #expect(standIn.chat(user: user).contains { $0.messageID == message.messageID && $0.message.text == "hello" })
    }

    @Test func aBlockedSellerIsMarkedAndNotCalledAgain() throws {
        let user = try seller(102)
        standIn.blockBot(user: user)
        guard case .recipientGone = try send("are you there?", to: user.id, ticket: 2) else {
            Issue.record("a 403 was not read as a gone recipient")
            return
        }
        #expect(try pool.query("SELECT blocked_at IS NOT NULL AS b FROM users WHERE id = $1", [user.id]).first?
            .decode("b", as: Bool.self) == true)
        var called = false
        let second: SendResult<Void> = try road.send(to: user.id, as: .message(ticket: 3)) { _ in called = true }
        guard case .recipientGone = second else {
            Issue.record("a blocked chat was sent to")
            return
        }
        #expect(!called)
    }

    @Test func anEditThatChangesNothingIsUnchanged() throws {
        let user = try seller(103)
        guard case .sent(let message) = try send("status: 1 of 3", to: user.id, ticket: 4) else {
            Issue.record("not sent")
            return
        }
        let client = road.client
        let edit: SendResult<EditResult> = try road.send(to: user.id, as: .statusRefresh) {
            try client.call(EditMessageText(chatID: $0, messageID: message.messageID, text: "status: 1 of 3"))
        }
        guard case .unchanged = edit else {
            Issue.record("\"message is not modified\" was read as \(edit)")
            return
        }
    }

    @Test func telegramsFloodControlIsAWaitOfItsRetryAfter() throws {
        let flooded = try TelegramRoadTests(rateLimits: .init(perChatPerSecond: 1, perChatBurst: 1))
        let user = try flooded.seller(104)
        var answers: [SendResult<Message>] = []
        for ticket in Int64(10)...13 { answers.append(try flooded.send("quick \(ticket)", to: user.id, ticket: ticket)) }
        let waits = answers.compactMap { if case .wait(let duration) = $0 { duration } else { nil } }
        #expect(!waits.isEmpty && waits.allSatisfy { $0 >= .seconds(1) }, "got \(answers)")
    }

    @Test func aNearTurnIsWaitedForAndAFarOneBookedAsAWait() throws {
        let narrow = try TelegramRoadTests(budget: .init(globalPerSecond: 10_000, perChatInterval: .milliseconds(400),
                                                         perChatBurst: 1))
        let user = try narrow.seller(106)
        let clock = ContinuousClock()
        var answers: [SendResult<Message>] = []
        let elapsed = try clock.measure {
            for ticket in Int64(30)...31 { answers.append(try narrow.send("turn \(ticket)", to: user.id, ticket: ticket)) }
        }
        #expect(answers.allSatisfy { if case .sent = $0 { true } else { false } }, "got \(answers)")
        #expect(elapsed >= .milliseconds(350), "the second message went before its turn")
        // Three more turns of 400 ms are booked out to 1.2 s: the last is past what a worker waits for.
        for ticket in Int64(32)...33 { _ = narrow.road.limiter.acquire(chatID: user.id, for: .message(ticket: ticket)) }
        guard case .wait(let wait) = try narrow.send("far", to: user.id, ticket: 34) else {
            Issue.record("a turn more than a second off was waited for in place")
            return
        }
        #expect(wait > TelegramRoad.longestWaitInPlace)
    }

    @Test func aCallTelegramRefusesIsRefusedAndAnUnreachableOneFailed() throws {
        let user = try seller(105)
        let client = road.client
        let refused: SendResult<EditResult> = try road.send(to: user.id, as: .message(ticket: 20)) {
            try client.call(EditMessageText(chatID: $0, messageID: 999_999, text: "nothing to edit"))
        }
        guard case .refused(let reason) = refused else {
            Issue.record("a 400 was read as \(refused)")
            return
        }
        #expect(reason.hasPrefix("telegram 400"))
        let nowhere = TelegramClient(token: "1:x", apiBase: "http://127.0.0.1:1", http: HTTPClient())
        let failed: SendResult<Message> = try road.send(to: user.id, as: .message(ticket: 21)) {
            try nowhere.call(SendMessage(chatID: $0, text: "into the void"))
        }
        guard case .failed = failed else {
            Issue.record("an unreachable Telegram was read as \(failed)")
            return
        }
    }
}

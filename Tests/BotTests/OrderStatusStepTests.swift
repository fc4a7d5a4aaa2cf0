@testable import Bot
@testable import Domain
import HTTPClient
import Postgres
import Sandbox
import Telegram
import Testing

/// The order's status message against the Telegram stand-in and a real database.
@Suite(.serialized) final class OrderStatusStepTests {
    let pool: PostgresPool
    let standIn: TelegramStandIn
    let client: TelegramClient

    init() throws {
        pool = try BotDatabase.pool(named: "order_status_step")
        let configuration = TelegramStandInConfiguration()
        standIn = TelegramStandIn(configuration: configuration, logger: BotDatabase.logger)
        try standIn.start()
        client = TelegramClient(token: configuration.botToken, apiBase: standIn.baseURL, http: HTTPClient())
    }

    deinit {
        standIn.shutdown()
    }

    /// The status step on a road to `client`'s Telegram.
    func step(_ client: TelegramClient) -> OrderStatusStep {
        OrderStatusStep(pool: pool, road: TelegramRoad(client: client, pool: pool, limiter: SendRateLimiter(limits: .init(
            globalPerSecond: 10_000, perChatInterval: .milliseconds(1), perChatBurst: 100)), logger: BotDatabase.logger))
    }

    /// A seller's paid order of one video, its status message already in the chat.
    func order(user id: Int64) throws -> (orderID: Int64, videoID: Int64, messageID: Int64) {
        let user = User(id: id, firstName: "Anna", languageCode: "en")
        _ = standIn.sendText(from: user, text: "/start")
        let message = try client.call(SendMessage(chatID: id, text: "Order accepted"))
        let placed = try pool.transaction { db in
            try db.execute("INSERT INTO users (id, chat_id, balance) VALUES ($1, $1, 0)", [id])
            try Ledger.post(userID: id, delta: 10, reason: .grant, reference: "test:\(id)", operatorID: 1,
                            note: "test balance", on: db)
            let draft = OrderDraft(photo: ProductPhoto(fileID: "f", fileUniqueID: "u"), description: "mug",
                                   count: 1, format: .portrait, unitPrice: 10)
            return try #require(try Orders.place(draft, userID: id, chatID: id, language: .en, draftKey: "d\(id)",
                                                 model: "m", deadline: VideoDeadline.standard,
                                                 statusMessageID: message.messageID, on: db))
        }
        return (placed.id, placed.videoIDs[0], message.messageID)
    }

    func version(_ orderID: Int64) throws -> Int {
        try pool.withConnection { try OrderStatus.view(orderID: orderID, on: $0)?.version ?? -1 }
    }

    @Test func aSummaryAlreadyShownIsNotSentAgain() throws {
        let placed = try order(user: 301)
        let failures = VideoFailures(statusThrottle: .zero, logger: BotDatabase.logger)
        try pool.transaction { db in
            let video = try #require(try Videos.load(placed.videoID, on: db))
            try failures.fail(video, class: .temporary, reason: .serviceUnavailable, on: db)
        }
        #expect(try step(client).run(.init(orderID: placed.orderID, version: try version(placed.orderID))) == .done)
        let summary = try #require(standIn.chat(userID: 301).first { $0.messageID == placed.messageID })
        #expect(summary.text?.hasPrefix("Order #\(placed.orderID) is done: 0 delivered, 1 refunded") == true)

        // Another refresh finds the message already showing this text and keyboard: Telegram is not asked at all,
        // so even a Telegram that cannot be reached changes nothing.
        try pool.withConnection { try PipelineJobs.enqueueStatus(orderID: placed.orderID, throttle: .zero, on: $0) }
        let unreachable = TelegramClient(token: "0:unreachable", apiBase: "http://127.0.0.1:9", http: HTTPClient())
        let later = try version(placed.orderID)
        #expect(try step(unreachable).run(.init(orderID: placed.orderID, version: later)) == .done)
        #expect(try pool.withConnection { try OrderStatus.view(orderID: placed.orderID, on: $0)?.renderedVersion } == later)
        #expect(standIn.chat(userID: 301).first { $0.messageID == placed.messageID }?.editCount == 1)
    }
}

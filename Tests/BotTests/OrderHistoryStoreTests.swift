@testable import Bot
@testable import Domain
import Postgres
import Testing

/// The `orders` table's reads for 📚 My videos against a real database: a seller's own orders only, newest first,
/// a page at a time, with what each delivered and refunded.
@Suite(.serialized) struct OrderHistoryStoreTests {
    let pool: PostgresPool

    init() throws {
        pool = try BotDatabase.pool(named: "order_history_store")
    }

    /// Two sellers with credits, of the test's own (the suite shares one database).
    func sellers(_ first: Int64) throws -> (Int64, Int64) {
        try pool.transaction { db in
            for user in [first, first + 1] {
                try db.execute("INSERT INTO users (id, chat_id, balance) VALUES ($1, $1, 0)", [user])
                try Ledger.post(userID: user, delta: 500, reason: .grant, reference: "test:\(user)", operatorID: 1,
                                note: "test credits", on: db)
            }
        }
        return (first, first + 1)
    }

    /// A paid order of `count` videos, the first `delivered` of them delivered with a file_id each; finished when all are.
    @discardableResult
    func order(user: Int64, count: Int = 1, delivered: Int = 1, description: String? = "mug") throws -> Int64 {
        try pool.transaction { db in
            let draft = OrderDraft(photo: ProductPhoto(fileID: "photo", fileUniqueID: "u"), description: description,
                                   count: count, format: .portrait, unitPrice: 10)
            let placed = try db.query("SELECT count(*)::int AS n FROM orders").first?.decode("n", as: Int.self) ?? 0
            let order = try #require(try Orders.place(draft, userID: user, chatID: user, language: .en,
                                                      draftKey: "draft:\(placed)",
                                                      model: "m", deadline: VideoDeadline.standard,
                                                      statusMessageID: nil, on: db))
            try db.execute("""
                UPDATE videos SET state = 'delivered', telegram_file_id = 'video-' || id WHERE order_id = $1 AND position <= $2
                """, [order.id, delivered])
            if delivered == count { try db.execute("UPDATE orders SET status = 'finished' WHERE id = $1", [order.id]) }
            return order.id
        }
    }

    func history(_ user: Int64, page: Int) throws -> OrderHistoryPage {
        try pool.withConnection { try Orders.history(userID: user, page: page, on: $0) }
    }

    @Test func aPageHoldsTheSellersOwnOrdersNewestFirstAndAPagePastTheEndShowsTheLast() throws {
        let (seller, otherSeller) = try sellers(10)
        var mine: [Int64] = []
        for _ in 0..<7 {
            mine.append(try order(user: seller))
            try order(user: otherSeller)
        }
        let first = try history(seller, page: 0)
        #expect(first.orders.map(\.id) == Array(mine.reversed().prefix(5)))
        #expect(first.number == 0 && first.pageCount == 2)
        let second = try history(seller, page: 1)
        #expect(second.orders.map(\.id) == [mine[1], mine[0]])
        #expect(try history(seller, page: 40) == second)
        #expect(try history(99, page: 0) == OrderHistoryPage(number: 0, pageCount: 1, orders: []))
    }

    @Test func eachOrderCountsItsDeliveredResendableAndRefundedVideosOnTheSellersDay() throws {
        let (seller, _) = try sellers(20)
        let order = try order(user: seller, count: 5, delivered: 3, description: nil)
        try pool.transaction { db in
            // Delivered to a seller who had blocked the bot: Telegram holds no copy to send again.
            try db.execute("UPDATE videos SET telegram_file_id = NULL WHERE order_id = $1 AND position = 3", [order])
            try db.execute("UPDATE videos SET state = 'failed' WHERE order_id = $1 AND position = 4", [order])
            try db.execute("UPDATE orders SET created_at = '2025-03-13 22:30:00+00' WHERE id = $1", [order])
        }
        let summary = try #require(try history(seller, page: 0).orders.first)
        #expect(summary == OrderSummary(id: order, day: CalendarDay(year: 2025, month: 3, day: 14), description: nil,
                                        videoCount: 5, delivered: 3, resendable: 2, refunded: 1, inProgress: true))
    }

    @Test func onlyTheSellerGetsTheirOrdersVideosInOrder() throws {
        let (seller, otherSeller) = try sellers(30)
        let order = try order(user: seller, count: 3, delivered: 2)
        let videos = try pool.withConnection { try Orders.deliveredVideos(orderID: order, userID: seller, on: $0) }
        #expect(videos.map(\.position) == [1, 2])
        #expect(videos.allSatisfy { $0.orderID == order && $0.count == 3 && $0.fileID.hasPrefix("video-") })
        #expect(try pool.withConnection { try Orders.deliveredVideos(orderID: order, userID: otherSeller, on: $0) }
            .isEmpty)
    }
}

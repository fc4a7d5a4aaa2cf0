@testable import Bot
@testable import Domain
import Postgres
import Telegram
import Testing

/// One store operation with the arguments a busy day gives it.
struct StoreCall: Sendable, CustomTestStringConvertible {
    let name: String
    /// The big tables it reads through by design (a figure over every row).
    let readsAll: Set<String>
    let run: @Sendable (PostgresConnection, BusyIDs) throws -> Void

    init(_ name: String, readsAll: Set<String> = [],
         _ run: @escaping @Sendable (PostgresConnection, BusyIDs) throws -> Void) {
        self.name = name
        self.readsAll = readsAll
        self.run = run
    }

    var testDescription: String { name }
}

/// Rows of the busy database the calls work on: the seller of the oldest order under way, who has a finished order
/// too, and a payment.
struct BusyIDs: Sendable {
    let seller: Int64
    let activeOrder: Int64
    let finishedOrder: Int64
    let video: Int64
    let chargeID: String

    init(pool: PostgresPool) throws {
        let active = try #require(try pool.query("""
            SELECT id, user_id FROM orders WHERE status = 'active' ORDER BY id LIMIT 1
            """).first)
        seller = try active.decode("user_id")
        activeOrder = try active.decode("id")
        finishedOrder = try #require(try pool.query("""
            SELECT id FROM orders WHERE user_id = $1 AND status = 'finished'
            """, [seller]).first?.decode("id", as: Int64.self))
        video = try #require(try pool.query("""
            SELECT id FROM videos WHERE order_id = $1 ORDER BY position LIMIT 1
            """, [activeOrder]).first?.decode("id", as: Int64.self))
        chargeID = try #require(try pool.query("SELECT charge_id FROM payments WHERE user_id = $1", [seller]).first?
            .decode("charge_id", as: String.self))
    }
}

extension StoreCall {
    static let all = webhook + pipeline + housekeeping + operators

    static let webhook = [
        StoreCall("TelegramUpdates.record") { db, ids in
            _ = try db.queries([TelegramUpdates.recording(TelegramUpdates.Receipt(id: 5_000_000, kind: "message"),
                                                          userID: ids.seller)])
        },
        StoreCall("Users.admit, a seller") { db, ids in
            _ = try db.queries(Users.admission(User(id: ids.seller, firstName: "S"), chatID: ids.seller, startPayload: nil,
                                               signupBonus: 10, limit: UpdateRateLimit(),
                                               recording: TelegramUpdates.Receipt(id: 5_000_001, kind: "message")))
        },
        StoreCall("Users.admit, a new user") { db, _ in
            _ = try db.queries(Users.admission(User(id: 7_000_000, firstName: "N"), chatID: 7_000_000, startPayload: "ref_1",
                                               signupBonus: 10, limit: UpdateRateLimit(),
                                               recording: TelegramUpdates.Receipt(id: 5_000_002, kind: "message")))
        },
        StoreCall("Users.lock") { _ = try Users.lock($1.seller, on: $0) },
        StoreCall("Users.setLanguage") { try Users.setLanguage(.en, userID: $1.seller, on: $0) },
        StoreCall("Users.setBlocked") { try Users.setBlocked(true, userID: $1.seller, on: $0) },
        StoreCall("Users.startPayload") { _ = try Users.startPayload(userID: $1.seller, on: $0) },
        StoreCall("Conversations.load") { _ = try Conversations.load(chatID: $1.seller, on: $0) },
        StoreCall("Conversations.save") { try Conversations.save(.initial, chatID: $1.seller, userID: $1.seller, on: $0) },
        StoreCall("Orders.place, with its debit and videos") { db, ids in
            let draft = OrderDraft(photo: ProductPhoto(fileID: "f", fileUniqueID: "u"), description: "mug", count: 5,
                                   format: .portrait, unitPrice: 10)
            _ = try Orders.place(draft, userID: ids.seller, chatID: ids.seller, language: .ru, draftKey: "busy-draft",
                                 model: "m", deadline: VideoDeadline.standard, statusMessageID: 1, on: db)
        },
        StoreCall("Orders.activeCount") { _ = try Orders.activeCount(userID: $1.seller, on: $0) },
        StoreCall("Orders.history") { _ = try Orders.history(userID: $1.seller, page: 0, on: $0) },
        StoreCall("Orders.deliveredVideos") { db, ids in
            _ = try Orders.deliveredVideos(orderID: ids.finishedOrder, userID: ids.seller, on: db)
        },
        StoreCall("Orders.product") { _ = try Orders.product(orderID: $1.finishedOrder, userID: $1.seller, on: $0) },
        StoreCall("Videos.cancel") { _ = try Videos.cancel(orderID: $1.activeOrder, userID: $1.seller, on: $0) },
        StoreCall("Ledger.post") { db, ids in
            try Ledger.post(userID: ids.seller, delta: 100, reason: .purchase, reference: "busy-purchase", on: db)
        },
        StoreCall("Payments.record") { db, ids in
            _ = try Payments.record(chargeID: "busy-charge", userID: ids.seller, credits: 100, stars: 50, on: db)
        },
        StoreCall("Payments.count") { _ = try Payments.count(userID: $1.seller, on: $0) },
        StoreCall("Payments.find") { _ = try Payments.find(chargeID: $1.chargeID, lock: true, on: $0) },
        StoreCall("Payments.markRefunding") { _ = try Payments.markRefunding(chargeID: $1.chargeID, on: $0) },
        StoreCall("Payments.markRefunded") { _ = try Payments.markRefunded(chargeID: $1.chargeID, on: $0) },
        StoreCall("Payments.abandonRefund") { _ = try Payments.abandonRefund(chargeID: $1.chargeID, on: $0) },
    ]

    static let pipeline = [
        StoreCall("Users.isBlocked") { _ = try Users.isBlocked(chatID: $1.seller, on: $0) },
        StoreCall("Users.markBlocked") { try Users.markBlocked(chatID: $1.seller, on: $0) },
        StoreCall("Users.language") { _ = try Users.language(userID: $1.seller, on: $0) },
        StoreCall("Videos.load") { _ = try Videos.load($1.video, lock: true, on: $0) },
        StoreCall("Videos.awaitingPrompts") { _ = try Videos.awaitingPrompts(orderID: $1.activeOrder, on: $0) },
        StoreCall("Videos.markPrepared") { _ = try Videos.markPrepared($1.video, prompt: "p", on: $0) },
        StoreCall("Videos.markSubmitted") { _ = try Videos.markSubmitted($1.video, taskID: "busy", keyID: "k", on: $0) },
        StoreCall("Videos.markResubmitting") { _ = try Videos.markResubmitting($1.video, on: $0) },
        StoreCall("Videos.markDownloading") { _ = try Videos.markDownloading($1.video, url: "https://x", on: $0) },
        StoreCall("Videos.markDelivering") { _ = try Videos.markDelivering($1.video, filePath: "v.mp4", on: $0) },
        StoreCall("Videos.markDelivered") { _ = try Videos.markDelivered($1.video, fileID: "busy-file", on: $0) },
        StoreCall("Videos.markFailed") { db, ids in
            _ = try Videos.markFailed(ids.video, class: .temporary, reason: .tookTooLong, on: db)
        },
        StoreCall("Videos.switchModel") { try Videos.switchModel($1.video, to: "m2", on: $0) },
        StoreCall("Videos.progress") { _ = try Videos.progress(orderID: $1.activeOrder, on: $0) },
        StoreCall("KIEKeys.acquire") { db, ids in
            let keys = KIEKeys([KIEAPIKey(secret: "busy-1", account: "busy"), KIEAPIKey(secret: "busy-2")])
            try keys.register(on: db)
            _ = try keys.acquire(videoID: ids.video, perTenSeconds: 20, on: db)
        },
        StoreCall("KIECreateSchedule.keepTurn") { db, ids in
            try KIECreateSchedule.keepTurn(videoID: ids.video, account: "busy", in: 1, on: db)
        },
        StoreCall("KIECreateSchedule.clearTurn") { try KIECreateSchedule.clearTurn(videoID: $1.video, on: $0) },
        StoreCall("Orders.photo") { _ = try Orders.photo(orderID: $1.activeOrder, on: $0) },
        StoreCall("Orders.brief") { _ = try Orders.brief(orderID: $1.activeOrder, on: $0) },
        StoreCall("Orders.setPreparedPhoto") { try Orders.setPreparedPhoto(orderID: $1.activeOrder, mediaName: "p", on: $0) },
        StoreCall("OrderStatus.requestRefresh") { db, ids in
            _ = try OrderStatus.requestRefresh(orderID: ids.activeOrder, throttle: .seconds(1), on: db)
        },
        StoreCall("OrderStatus.view") { _ = try OrderStatus.view(orderID: $1.activeOrder, on: $0) },
        StoreCall("OrderStatus.setMessage") { try OrderStatus.setMessage(orderID: $1.activeOrder, messageID: 5, on: $0) },
        StoreCall("OrderStatus.markShown") { db, ids in
            try OrderStatus.markShown(orderID: ids.activeOrder, version: 1, finished: true, digest: "shown", on: db)
        },
        StoreCall("SentNotifications.claim") { db, _ in _ = try SentNotifications.claim("busy-notification", on: db) },
        StoreCall("PhotoAnalyses.recent") { _ = try PhotoAnalyses.recent(userID: $1.seller, on: $0) },
        StoreCall("PhotoAnalyses.record") { try PhotoAnalyses.record(userID: $1.seller, on: $0) },
        StoreCall("OutboxJobs.pendingCount") { _ = try OutboxJobs.pendingCount(chatID: $1.seller, upTo: 30, on: $0) },
        StoreCall("Videos.stranded") { db, _ in _ = try Videos.stranded(limit: 100, on: db) },
        StoreCall("Videos.stranding") { _ = try Videos.stranding(of: $1.video, on: $0) },
    ]

    static let housekeeping = [
        StoreCall("TelegramUpdates.deleteOlderThan") { db, _ in
            _ = try TelegramUpdates.deleteOlderThan(Housekeeping.updatesKept, limit: 1000, on: db)
        },
        StoreCall("SentNotifications.deleteOlderThan") { db, _ in
            _ = try SentNotifications.deleteOlderThan(Housekeeping.notificationsKept, limit: 1000, on: db)
        },
        StoreCall("PhotoAnalyses.deleteOlderThan") { db, _ in
            _ = try PhotoAnalyses.deleteOlderThan(Housekeeping.analysesKept, limit: 1000, on: db)
        },
    ]

    /// `/stats` over the last day, then `/user`. The total of sellers and of Stars ever read every row.
    static let operators = [
        StoreCall("Users.counts", readsAll: ["users"]) { db, _ in _ = try Users.counts(within: StatsReport.window, on: db) },
        StoreCall("Ledger.refunds") { db, _ in _ = try Ledger.refunds(within: StatsReport.window, on: db) },
        StoreCall("Payments.stars", readsAll: ["payments"]) { db, _ in
            _ = try Payments.stars(within: StatsReport.window, on: db)
        },
        StoreCall("Orders.countByStatus") { db, _ in _ = try Orders.countByStatus(within: StatsReport.window, on: db) },
        StoreCall("Videos.countByState") { db, _ in _ = try Videos.countByState(within: StatsReport.window, on: db) },
        StoreCall("Videos.failuresByClass") { db, _ in
            _ = try Videos.failuresByClass(within: StatsReport.window, on: db)
        },
        StoreCall("Users.report") { _ = try Users.report(userID: $1.seller, on: $0) },
        StoreCall("Orders.summaries") { _ = try Orders.summaries(userID: $1.seller, limit: 5, on: $0) },
        StoreCall("Payments.purchases") { _ = try Payments.purchases(userID: $1.seller, limit: 5, on: $0) },
    ]
}

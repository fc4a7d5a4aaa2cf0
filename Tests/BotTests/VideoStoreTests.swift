@testable import Bot
@testable import Domain
import Logging
import Postgres
import Testing

/// The `videos` table's named moves against a real database: each writes only from its legal states, so a repeated
/// or late event changes nothing, and a failure is refunded exactly once.
@Suite(.serialized) struct VideoStoreTests {
    let pool: PostgresPool
    let failures = VideoFailures(statusThrottle: .zero, logger: BotDatabase.logger)

    init() throws {
        pool = try BotDatabase.pool(named: "video_store")
    }

    /// A seller with 50 credits and a paid order of `count` videos at 10 each.
    func order(count: Int, user: Int64) throws -> PlacedOrder {
        try pool.transaction { db in
            try db.execute("INSERT INTO users (id, chat_id, balance) VALUES ($1, $1, 0)", [user])
            try Ledger.post(userID: user, delta: 50, reason: .grant, reference: "test:\(user)", operatorID: 1,
                            note: "test balance", on: db)
            let draft = OrderDraft(photo: ProductPhoto(fileID: "f", fileUniqueID: "u"), description: "mug",
                                   count: count, format: .portrait, unitPrice: 10)
            return try #require(try Orders.place(draft, userID: user, chatID: user, language: .en, draftKey: "d\(user)",
                                                 model: "m", deadline: VideoDeadline.standard, statusMessageID: nil,
                                                 on: db))
        }
    }

    func state(_ id: Int64) throws -> VideoState? {
        try pool.withConnection { try Videos.load(id, on: $0)?.state }
    }

    func balance(_ user: Int64) throws -> Int {
        try pool.query("SELECT balance FROM users WHERE id = $1", [user]).first?.decode("balance", as: Int.self) ?? -1
    }

    @Test func aVideoWalksItsNamedMovesOnceEach() throws {
        let video = try #require(try order(count: 1, user: 1).videoIDs.first)
        let moved = try pool.withConnection { db in
            [
                try Videos.markPrepared(video, prompt: "turntable", on: db),
                try Videos.markPrepared(video, prompt: "again", on: db),
                try Videos.markSubmitted(video, taskID: "task-1", keyID: "k1", on: db),
                try Videos.markSubmitted(video, taskID: "task-2", keyID: "k1", on: db),
                try Videos.markDownloading(video, url: "http://kie/1.mp4", on: db),
                try Videos.markDownloading(video, url: "http://kie/late.mp4", on: db),
                try Videos.markDelivering(video, filePath: "/tmp/1.mp4", on: db),
                try Videos.markDelivered(video, fileID: "file-1", on: db),
                try Videos.markDelivered(video, fileID: "file-2", on: db),
            ]
        }
        #expect(moved == [true, false, true, false, true, false, true, true, false])
        let record = try #require(try pool.withConnection { try Videos.load(video, on: $0) })
        // Attempts are booked before createTask (`bookTaskCreation`), not counted by the move.
        #expect(record.state == .delivered && record.taskID == "task-1" && record.attempts == 0)
        #expect(record.prompt == "turntable" && record.resultURL == "http://kie/1.mp4")
    }

    @Test func taskCreationsAreBookedWithinTheVideosAttempts() throws {
        let video = try #require(try order(count: 1, user: 6).videoIDs.first)
        let booked = try pool.withConnection { db in
            _ = try Videos.markPrepared(video, prompt: "p", on: db)
            var booked = try (1...4).map { _ in try Videos.bookTaskCreation(video, maxAttempts: 3, on: db) }
            try Videos.returnTaskCreation(video, on: db)
            booked.append(try Videos.bookTaskCreation(video, maxAttempts: 3, on: db))
            return booked
        }
        #expect(booked == [1, 2, 3, nil, 3])
    }

    @Test func aMoveFromTheWrongStateChangesNothing() throws {
        let video = try #require(try order(count: 1, user: 2).videoIDs.first)
        let moved = try pool.withConnection { db in
            [
                try Videos.markSubmitted(video, taskID: "task-3", keyID: "k1", on: db),
                try Videos.markDelivered(video, fileID: "file", on: db),
                try Videos.markResubmitting(video, on: db),
            ]
        }
        #expect(moved == [false, false, false])
        #expect(try state(video) == .queued)
    }

    @Test func aFailureIsRefundedExactlyOnceAndAnEndedVideoStaysEnded() throws {
        let placed = try order(count: 3, user: 3)
        #expect(try balance(3) == 20)
        let video = try #require(try pool.withConnection { try Videos.load(placed.videoIDs[0], on: $0) })
        let second = try pool.transaction { db in
            (try failures.fail(video, class: .temporary, reason: .tookTooLong, on: db),
             try failures.fail(video, class: .temporary, reason: .tookTooLong, on: db))
        }
        #expect(second == (true, false))
        #expect(try balance(3) == 30)
        #expect(try pool.withConnection { try Videos.markPrepared(video.id, prompt: "late", on: $0) } == false)
        #expect(try state(video.id) == .failed)
        #expect(try pool.withConnection { try Ledger.mismatches(on: $0) }.isEmpty)
    }

    @Test func cancellingRefundsOnlyVideosKIEHasNotSeen() throws {
        let placed = try order(count: 3, user: 4)
        try pool.withConnection { db in
            _ = try Videos.markPrepared(placed.videoIDs[1], prompt: "p", on: db)
            _ = try Videos.markPrepared(placed.videoIDs[2], prompt: "p", on: db)
            _ = try Videos.markSubmitted(placed.videoIDs[2], taskID: "task-4", keyID: "k1", on: db)
        }
        let cancelled = try pool.transaction { try VideoFailures.cancel(orderID: placed.id, userID: 4, on: $0) }
        #expect(cancelled == 2)
        #expect(try placed.videoIDs.map(state) == [.cancelled, .cancelled, .generating])
        #expect(try balance(4) == 40)
        // Someone else's order is not theirs to cancel.
        #expect(try pool.transaction { try VideoFailures.cancel(orderID: placed.id, userID: 5, on: $0) } == 0)
    }
}

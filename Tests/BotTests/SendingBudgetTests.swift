import Foundation
import Logging
import Postgres
import TestSupport
import Testing
@testable import Bot

/// The two budgets that make jobs wait: Telegram's sending limits (in memory) and KIE's task creation (in
/// PostgreSQL, per account: `KIEAccountBudgetTests`). Both book turns, so a waiting job sleeps once and then goes.
@Suite struct SendingBudgetTests {
    @Test func aChatsBurstGoesAtOnceAndTheNextMessagesAreBookedASecondApart() throws {
        let limiter = SendRateLimiter(now: ManualClock().now)
        for ticket in 1...3 { #expect(limiter.acquire(chatID: 1, for: .video(ticket: Int64(ticket))) == nil) }
        let fourth = try #require(limiter.acquire(chatID: 1, for: .message(ticket: 4)))
        let fifth = try #require(limiter.acquire(chatID: 1, for: .message(ticket: 5)))
        #expect(fourth > .milliseconds(900) && fourth <= .seconds(1))
        #expect(fifth - fourth > .milliseconds(990) && fifth - fourth < .milliseconds(1010))
        // Another chat is not held up by this one.
        #expect(limiter.acquire(chatID: 2, for: .message(ticket: 6)) == nil)
    }

    @Test func aBookedTurnIsKeptForItsTicketAndGivenWhenDue() throws {
        let clock = ManualClock()
        let limiter = SendRateLimiter(limits: .init(perChatInterval: .milliseconds(100), perChatBurst: 1), now: clock.now)
        #expect(limiter.acquire(chatID: 1, for: .message(ticket: 1)) == nil)
        let wait = try #require(limiter.acquire(chatID: 1, for: .message(ticket: 2)))
        // Asking again before the turn does not book another one.
        let again = try #require(limiter.acquire(chatID: 1, for: .message(ticket: 2)))
        #expect(again <= wait)
        let third = try #require(limiter.acquire(chatID: 1, for: .message(ticket: 3)))
        #expect(third > wait + .milliseconds(90))
        clock.advance(by: wait - .milliseconds(1))
        #expect(limiter.acquire(chatID: 1, for: .message(ticket: 2)) == .milliseconds(1))
        clock.advance(by: .milliseconds(1))
        #expect(limiter.acquire(chatID: 1, for: .message(ticket: 2)) == nil)
        #expect(limiter.acquire(chatID: 1, for: .message(ticket: 3)) == third - wait)
    }

    @Test func aStatusRefreshLeavesAPlaceForAVideoAndNeverBooksAhead() {
        let limiter = SendRateLimiter(now: ManualClock().now)
        #expect(limiter.acquire(chatID: 1, for: .statusRefresh) == nil)
        #expect(limiter.acquire(chatID: 1, for: .message(ticket: 1)) == nil)
        // Two of the chat's three places are used: the refresh waits, the video still goes.
        #expect(limiter.acquire(chatID: 1, for: .statusRefresh) != nil)
        #expect(limiter.acquire(chatID: 1, for: .video(ticket: 2)) == nil)
    }

    @Test func theWholeBotStaysUnderItsGlobalRateWithAPlaceKeptForVideos() {
        let limiter = SendRateLimiter(limits: .init(globalPerSecond: 30), now: ManualClock().now)
        var now = 0
        for chat in 1...90 where limiter.acquire(chatID: Int64(chat), for: .message(ticket: Int64(chat))) == nil {
            now += 1
        }
        #expect(now == 5, "a fifth of a second's worth but one place goes at once, got \(now)")
        let lastMessage = limiter.acquire(chatID: 91, for: .message(ticket: 91)) ?? .zero
        #expect(lastMessage > .milliseconds(3400) && lastMessage <= .milliseconds(3600), "90 booked at 25/s, got \(lastMessage)")
        // The kept place: a video goes now, the next one a fifth of a second later, whatever the crowd.
        #expect(limiter.acquire(chatID: 92, for: .video(ticket: 92)) == nil)
        let nextVideo = limiter.acquire(chatID: 93, for: .video(ticket: 93)) ?? .zero
        #expect(nextVideo > .zero && nextVideo <= .milliseconds(200), "got \(nextVideo)")
        #expect(limiter.acquire(chatID: 94, for: .statusRefresh) != nil)
    }

    @Test func kieTaskCreationIsBookedInTurnsSharedThroughTheDatabase() throws {
        let pool = try BotDatabase.pool(named: "kie_schedule")
        try pool.execute("INSERT INTO users (id, chat_id) VALUES (1, 1)")
        try pool.execute("""
            INSERT INTO orders (id, user_id, chat_id, video_count, format, unit_price, photo_file_id, photo_unique_id,
                                language, draft_key, model)
            VALUES (1, 1, 1, 5, '9:16', 10, 'f', 'u', 'en', 'd', 'm')
            """)
        try pool.execute("INSERT INTO videos (order_id, position, model) SELECT 1, p, 'm' FROM generate_series(1, 5) p")
        let ids: [Int64] = try pool.query("SELECT id FROM videos ORDER BY id").map { try $0.decode("id") }
        // 20 per 10 s: a burst of 5, then one every 10/15 s.
        let keys = KIEKeys([KIEAPIKey(secret: "kie-key")])
        try pool.withConnection { try keys.register(on: $0) }
        func turn(_ id: Int64) throws -> Duration? {
            switch try pool.withConnection({ try keys.acquire(videoID: id, perTenSeconds: 20, on: $0) }) {
            case .key: nil
            case .wait(let wait, _): wait
            }
        }
        for id in ids.prefix(5) { #expect(try turn(id) == nil) }
        try pool.execute("INSERT INTO videos (order_id, position, model) SELECT 1, p, 'm' FROM generate_series(6, 7) p")
        let waiting: [Int64] = try pool.query("SELECT id FROM videos WHERE position > 5 ORDER BY id").map { try $0.decode("id") }
        let first = try #require(try turn(waiting[0]))
        let second = try #require(try turn(waiting[1]))
        #expect(first > .milliseconds(600) && first <= .milliseconds(700), "got \(first)")
        #expect(second - first > .milliseconds(600) && second - first < .milliseconds(700), "got \(second - first)")
        // Coming back early keeps the booked turn; on time, the turn is used up.
        #expect(try #require(try turn(waiting[0])) <= first)
        // Its turn comes (the schedule runs on the database's clock, so the booking is moved rather than waited for).
        try pool.execute("UPDATE videos SET submit_turn_at = now() - interval '1 millisecond' WHERE id = $1", [waiting[0]])
        #expect(try turn(waiting[0]) == nil)
        #expect(try pool.query("SELECT submit_turn_at FROM videos WHERE id = $1", [waiting[0]]).first?
            .decode("submit_turn_at", as: Date?.self) == nil)
        #expect(try turn(waiting[1]) != nil)
    }
}

import Foundation
import Postgres
import Testing
@testable import Bot

/// KIE's task budget is per account (about 20 new tasks per 10 s): keys are grouped by account, each account has its
/// own schedule in PostgreSQL, and submissions spread over the accounts, so two accounts take twice the tasks of one.
@Suite struct KIEAccountBudgetTests {
    /// `count` videos waiting to be submitted (of one order, whatever its own count says).
    func videos(_ count: Int, on pool: PostgresPool) throws -> [Int64] {
        try pool.execute("INSERT INTO users (id, chat_id) VALUES (1, 1) ON CONFLICT DO NOTHING")
        let order = try #require(try pool.query("""
            INSERT INTO orders (user_id, chat_id, video_count, format, unit_price, photo_file_id, photo_unique_id,
                                language, draft_key, model)
            VALUES (1, 1, 5, '9:16', 10, 'f', 'u', 'en', gen_random_uuid()::text, 'm') RETURNING id
            """).first?.decode("id", as: Int64.self))
        return try pool.query("""
            INSERT INTO videos (order_id, position, model) SELECT $1, p, 'm' FROM generate_series(1, $2) p RETURNING id
            """, [order, count]).map { try $0.decode("id") }.sorted()
    }

    func keys(_ configured: [KIEAPIKey], on pool: PostgresPool) throws -> KIEKeys {
        let keys = KIEKeys(configured)
        try pool.withConnection { try keys.register(on: $0) }
        return keys
    }

    /// Every video asks for a key at one instant (one transaction, so the database's `now()` stands still): the tasks
    /// granted now or booked within the next 10 s, by account.
    func grantedInOneWindow(_ keys: KIEKeys, videos: [Int64], on pool: PostgresPool) throws -> [String: Int] {
        try pool.withConnection { db in
            try db.transaction { db in
                var granted: [String: Int] = [:]
                for video in videos {
                    switch try keys.acquire(videoID: video, perTenSeconds: 20, on: db) {
                    case .key(let key):
                        granted[key.account, default: 0] += 1
                    case .wait(let wait, _) where wait < .seconds(10):
                        granted[try #require(try Self.bookedAccount(video, on: db)), default: 0] += 1
                    case .wait:
                        break
                    }
                }
                return granted
            }
        }
    }

    /// A key for `video` in a transaction of its own, at KIE's 20 tasks per 10 s.
    func acquire(_ keys: KIEKeys, _ video: Int64, _ pool: PostgresPool) throws -> KIEKeys.Choice {
        try pool.withConnection { try keys.acquire(videoID: video, perTenSeconds: 20, on: $0) }
    }

    static func bookedAccount(_ video: Int64, on db: PostgresConnection) throws -> String? {
        try db.query("SELECT submit_account FROM videos WHERE id = $1", [video]).first?.decode("submit_account")
    }

    @Test func twoAccountsGrantTwiceTheTasksOfOneInABudgetWindow() throws {
        let pool = try BotDatabase.pool(named: "kie_accounts_rate")
        // 20 per 10 s: a burst of 5, then one every 10/15 s; the 20th lands on the window's end, outside it.
        let oneAccount = try keys([KIEAPIKey(secret: "solo-1", account: "solo"),
                                   KIEAPIKey(secret: "solo-2", account: "solo")], on: pool)
        let one = try grantedInOneWindow(oneAccount, videos: try videos(60, on: pool), on: pool)
        #expect(one == ["solo": 19], "two keys of one account share its budget")

        let twoAccounts = try keys([KIEAPIKey(secret: "first-1", account: "first"),
                                    KIEAPIKey(secret: "second-1", account: "second")], on: pool)
        let two = try grantedInOneWindow(twoAccounts, videos: try videos(60, on: pool), on: pool)
        #expect(two == ["first": 19, "second": 19], "each account its own budget, the tasks spread evenly")
        #expect(two.values.reduce(0, +) == 2 * one.values.reduce(0, +))
    }

    @Test func aKeyGivenAloneIsAnAccountOfItsOwn() throws {
        let pool = try BotDatabase.pool(named: "kie_accounts_plain")
        let mixed = KIEKeys([KIEAPIKey(secret: "m-1", account: "main"), KIEAPIKey(secret: "alone"),
                             KIEAPIKey(secret: "m-2", account: "main")])
        #expect(mixed.accounts == ["main", KIEKeys.id(of: "alone")])
        #expect(mixed.keys.map(\.account) == ["main", KIEKeys.id(of: "alone"), "main"])
        #expect(mixed.keys.map(mixed.label) == ["main/\(KIEKeys.id(of: "m-1"))", KIEKeys.id(of: "alone"),
                                                "main/\(KIEKeys.id(of: "m-2"))"])

        let plain = try keys([KIEAPIKey(secret: "plain-1"), KIEAPIKey(secret: "plain-2")], on: pool)
        let granted = try grantedInOneWindow(plain, videos: try videos(60, on: pool), on: pool)
        #expect(granted == [KIEKeys.id(of: "plain-1"): 19, KIEKeys.id(of: "plain-2"): 19])
    }

    @Test func theKeysOfAnAccountTakeTurns() throws {
        let pool = try BotDatabase.pool(named: "kie_accounts_rotation")
        let keys = try keys([KIEAPIKey(secret: "r-1", account: "shared"), KIEAPIKey(secret: "r-2", account: "shared")],
                            on: pool)
        let taken = try videos(4, on: pool).map { video in
            guard case .key(let key) = try acquire(keys, video, pool) else { throw Unexpected() }
            return key.secret
        }
        #expect(Set(taken[0...1]) == ["r-1", "r-2"] && Set(taken[2...3]) == ["r-1", "r-2"], "\(taken)")
    }

    @Test func aBookedTurnKeepsItsAccountUntilItComes() throws {
        let pool = try BotDatabase.pool(named: "kie_accounts_booked")
        let keys = try keys([KIEAPIKey(secret: "a-1", account: "a"), KIEAPIKey(secret: "b-1", account: "b")], on: pool)
        let ids = try videos(11, on: pool)
        // Both bursts go at once; the next video books a turn on one account.
        for video in ids.prefix(10) {
            guard case .key = try acquire(keys, video, pool) else { throw Unexpected() }
        }
        let waiting = ids[10]
        guard case .wait(let first, allOutOfCredit: false) = try acquire(keys, waiting, pool) else { throw Unexpected() }
        #expect(first > .zero && first <= .milliseconds(700), "got \(first)")
        let account = try #require(try pool.withConnection { try Self.bookedAccount(waiting, on: $0) })
        let schedule = try nextTurns(pool)
        // Coming back early keeps the turn and books nothing more.
        guard case .wait(let again, _) = try acquire(keys, waiting, pool) else { throw Unexpected() }
        #expect(again <= first)
        #expect(try nextTurns(pool) == schedule)
        // Its turn comes (the schedule runs on the database's clock, so the booking is moved rather than waited for).
        try pool.execute("UPDATE videos SET submit_turn_at = now() - interval '1 millisecond' WHERE id = $1", [waiting])
        guard case .key(let key) = try acquire(keys, waiting, pool) else { throw Unexpected() }
        #expect(key.account == account)
        #expect(try pool.withConnection { try Self.bookedAccount(waiting, on: $0) } == nil)
        #expect(try nextTurns(pool) == schedule, "the booked turn was used, no other")
    }

    /// A 429 is KIE saying the account is over its budget, whichever of its keys asked.
    @Test func anAccountHeldBackAfterARateLimitGetsNoTurnsMeanwhile() throws {
        let pool = try BotDatabase.pool(named: "kie_accounts_held_back")
        let keys = try keys([KIEAPIKey(secret: "a-1", account: "a"), KIEAPIKey(secret: "a-2", account: "a"),
                             KIEAPIKey(secret: "b-1", account: "b")], on: pool)
        try pool.withConnection { try KIECreateSchedule.holdBack(account: "a", for: .seconds(60), on: $0) }
        let accounts = try videos(6, on: pool).map { video in
            if case .key(let key) = try acquire(keys, video, pool) { return key.account }
            return try #require(try pool.withConnection { try Self.bookedAccount(video, on: $0) })
        }
        #expect(accounts == Array(repeating: "b", count: 6), "b's burst of 5, then a turn booked on b")
    }

    /// Credit is the account's: a 402 on one key takes all of its keys out of rotation, and support hears once.
    @Test func anAccountOutOfCreditLosesEveryKey() throws {
        let pool = try BotDatabase.pool(named: "kie_accounts_billing")
        let keys = try keys([KIEAPIKey(secret: "c-1", account: "c"), KIEAPIKey(secret: "c-2", account: "c"),
                             KIEAPIKey(secret: "d-1", account: "d")], on: pool)
        let accountKeys = keys.keys.filter { $0.account == "c" }.map(\.id)
        let alerts = try (0..<2).map { _ in
            try pool.withConnection { try KIEKeyStates.disableForBilling(ids: accountKeys, for: .seconds(60), on: $0) }
        }
        #expect(alerts == [true, false])
        let usable = try pool.withConnection { try KIEKeyStates.usable(ids: keys.keys.map(\.id), on: $0) }
        #expect(usable == [KIEKeys.id(of: "d-1")])
    }

    @Test func anAccountWithoutAUsableKeyGetsNoTurns() throws {
        let pool = try BotDatabase.pool(named: "kie_accounts_cooling")
        let keys = try keys([KIEAPIKey(secret: "a-1", account: "a"), KIEAPIKey(secret: "b-1", account: "b")], on: pool)
        let ids = try videos(7, on: pool)
        // A turn booked on `a`, whose one key then cools down: when the turn comes, it is booked again on `b`.
        try pool.withConnection { db in
            try KIECreateSchedule.keepTurn(videoID: ids[6], account: "a", in: 5, on: db)
            try KIEKeyStates.coolDown(id: KIEKeys.id(of: "a-1"), for: .seconds(60), on: db)
        }
        let accounts = try ids.prefix(6).map { video in
            if case .key(let key) = try acquire(keys, video, pool) { return key.account }
            return try #require(try pool.withConnection { try Self.bookedAccount(video, on: $0) })
        }
        #expect(accounts == Array(repeating: "b", count: 6), "b's burst of 5, then a turn booked on b")
        try pool.execute("UPDATE videos SET submit_turn_at = now() - interval '1 millisecond' WHERE id = $1", [ids[6]])
        guard case .wait = try acquire(keys, ids[6], pool) else { throw Unexpected() }
        #expect(try pool.withConnection { try Self.bookedAccount(ids[6], on: $0) } == "b")

        // With every key cooling down nothing is booked: the video waits for a key, not for a turn.
        try pool.withConnection { try KIEKeyStates.coolDown(id: KIEKeys.id(of: "b-1"), for: .seconds(60), on: $0) }
        let schedule = try nextTurns(pool)
        let more = try videos(1, on: pool)[0]
        guard case .wait(let wait, allOutOfCredit: false) = try acquire(keys, more, pool) else { throw Unexpected() }
        #expect(wait > .seconds(50) && wait <= .seconds(60), "got \(wait)")
        #expect(try nextTurns(pool) == schedule)
        #expect(try pool.withConnection { try Self.bookedAccount(more, on: $0) } == nil)
    }

    /// Processes that submit at the same moment take different accounts rather than queue for one.
    @Test func concurrentSubmissionsSpreadOverTheAccounts() throws {
        let pool = try BotDatabase.pool(named: "kie_accounts_concurrent")
        let keys = try keys([KIEAPIKey(secret: "a-1", account: "a"), KIEAPIKey(secret: "b-1", account: "b")], on: pool)
        let ids = try videos(2, on: pool)
        let accounts = try pool.withConnection { first in
            try first.transaction { first in
                guard case .key(let one) = try keys.acquire(videoID: ids[0], perTenSeconds: 20, on: first)
                else { throw Unexpected() }
                // The first transaction still holds its account's row: the second takes the other account at once.
                let two = try pool.withConnection { second in
                    try second.execute("SET lock_timeout = '5s'")
                    defer { _ = try? second.execute("RESET lock_timeout") }
                    guard case .key(let two) = try keys.acquire(videoID: ids[1], perTenSeconds: 20, on: second)
                    else { throw Unexpected() }
                    return two
                }
                return [one.account, two.account]
            }
        }
        #expect(Set(accounts) == ["a", "b"])
    }

    /// Every account's theoretical next turn.
    func nextTurns(_ pool: PostgresPool) throws -> [String: Date] {
        try pool.query("SELECT name, next_at FROM kie_accounts").reduce(into: [:]) { turns, row in
            turns[try row.decode("name")] = try row.decode("next_at")
        }
    }

    struct Unexpected: Error {}
}

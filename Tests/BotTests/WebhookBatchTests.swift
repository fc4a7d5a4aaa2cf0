import Domain
import Foundation
import Postgres
import Synchronization
import Testing
@testable import Bot

/// Updates arriving together share a transaction; one that cannot be applied must not take the others down.
/// One slot, and the first update held on a seller's row lock, so the next ones gather into one batch.
@Suite(.serialized) struct WebhookBatchTests {
    static let secret = "batch-secret"
    let accepted = TelegramWebhook.Outcome.accepted(answer: nil)
    let pool: PostgresPool
    let webhook: TelegramWebhook

    init() throws {
        pool = try BotDatabase.pool(named: "webhook_batches")
        var settings = TelegramWebhook.Settings(secretToken: Self.secret,
                                                dialogue: DialogueSettings(videoPrice: 10, signupBonus: 30),
                                                orderModel: "model", signingSecret: "batch-signing-secret-0123456789")
        settings.batchSlots = 1
        webhook = TelegramWebhook(settings: settings, pool: pool, logger: BotDatabase.logger)
    }

    func start(_ updateID: Int64, from user: Int64) -> [UInt8] {
        Array("""
            {"update_id":\(updateID),"message":{"message_id":\(updateID),"date":1760000000,
             "chat":{"id":\(user),"type":"private"},"from":{"id":\(user),"is_bot":false,"first_name":"S"},
             "text":"/start"}}
            """.utf8)
    }

    /// Receives each body on a thread of its own, while `holder` keeps seller `heldUser`'s row locked: the first
    /// body (that seller's) waits on the lock, and the rest gather behind it for the one slot.
    func receiveBehindALock(heldUser: Int64, _ bodies: [[UInt8]]) throws -> [Result<TelegramWebhook.Outcome, any Error>] {
        let outcomes = Outcomes()
        let group = DispatchGroup()
        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = try PostgresConnection(url: pool.configuration.url)
        Thread.detachNewThread {
            try? holder.transaction { db in
                _ = try db.query("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", [heldUser])
                locked.signal()
                release.wait()
            }
        }
        locked.wait()
        for (index, body) in bodies.enumerated() {
            group.enter()
            Thread.detachNewThread { [webhook] in
                let outcome = Result { try webhook.receive(secretToken: Self.secret, body: body) }
                outcomes.byIndex.withLock { $0[index] = outcome }
                group.leave()
            }
            Thread.sleep(forTimeInterval: index == 0 ? 0.3 : 0.02)
        }
        Thread.sleep(forTimeInterval: 0.3)
        release.signal()
        #expect(group.wait(timeout: .now() + 10) == .success)
        return outcomes.byIndex.withLock { outcomes in bodies.indices.map { outcomes[$0]! } }
    }

    final class Outcomes: Sendable {
        let byIndex = Mutex<[Int: Result<TelegramWebhook.Outcome, any Error>]>([:])
    }

    @Test func anUpdateThatCannotBeAppliedFailsAloneAndTheRestOfItsBatchIsStored() throws {
        _ = try webhook.receive(secretToken: Self.secret, body: start(1, from: 900))
        try pool.execute("""
            CREATE FUNCTION refuse_update_666() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.update_id = 666 THEN RAISE EXCEPTION 'update 666 refused'; END IF;
                RETURN NEW;
            END $$
            """)
        try pool.execute("""
            CREATE TRIGGER refuse_update_666 BEFORE INSERT ON telegram_updates
            FOR EACH ROW EXECUTE FUNCTION refuse_update_666()
            """)
        defer { _ = try? pool.execute("DROP TRIGGER refuse_update_666 ON telegram_updates") }

        let outcomes = try receiveBehindALock(heldUser: 900, [start(10, from: 900), start(11, from: 901),
                                                              start(666, from: 902), start(12, from: 903)])
        #expect(outcomes.map { try? $0.get() } == [accepted, accepted, nil, accepted])
        #expect(try ids("SELECT update_id AS id FROM telegram_updates WHERE update_id BETWEEN 10 AND 700 ORDER BY 1") == [10, 11, 12])
        #expect(try ids("SELECT user_id AS id FROM ledger WHERE user_id >= 900 ORDER BY 1") == [900, 901, 903])
        #expect(try ids("SELECT (payload->>'chatID')::bigint AS id FROM jobs WHERE unique_key LIKE 'update:1_:%' ORDER BY 1")
                    == [900, 901, 903])
    }

    /// Sellers met for the first time in one batch each get their bonus and their welcome once; a repeat in the
    /// same batch is answered as a duplicate.
    @Test func aBatchOfNewSellersSignsEachUpOnce() throws {
        _ = try webhook.receive(secretToken: Self.secret, body: start(2, from: 800))
        let bodies = [start(20, from: 800)] + (1...6).map { start(20 + Int64($0), from: 800 + Int64($0)) }
            + [start(21, from: 801)]
        let outcomes = try receiveBehindALock(heldUser: 800, bodies)
        #expect(outcomes.map { try? $0.get() } == Array(repeating: accepted, count: 7) + [.duplicate(answer: nil)])
        #expect(try ids("SELECT user_id AS id FROM ledger WHERE user_id BETWEEN 800 AND 899 ORDER BY 1")
                    == Array(800...806))
        #expect(try ids("SELECT balance AS id FROM users WHERE id BETWEEN 801 AND 806") == Array(repeating: 30, count: 6))
    }

    func ids(_ sql: String) throws -> [Int64] {
        try pool.query(sql).map { try $0.decode("id", as: Int64.self) }
    }
}

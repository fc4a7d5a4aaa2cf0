@testable import Bot
import Domain
import Foundation
import Testing
@testable import App

/// A worker that dies on a job's last attempt leaves the rescuer nothing to retry: the job fails without its step
/// running, and the video would stay where it was. The sweeper finishes it, the order ends and the seller, held to
/// one active order here, can order again.
@Suite(.serialized) struct StrandedVideoTests {
    let pipeline = PipelineTests()

    func harness(_ name: String, deadline: Duration = .seconds(30 * 60)) throws -> BotHarness {
        var tuning = BotHarness.fastTuning
        tuning.maxActiveOrders = 1
        tuning.pipeline.sweepInterval = .milliseconds(500)
        tuning.pipeline.deadline = deadline
        return try BotHarness(database: name, tuning: tuning)
    }

    /// New jobs of `kind` wait until `dieOnLastAttempt` takes them, so no live worker gets to them first.
    func hold(_ harness: BotHarness, kind: String) throws {
        try harness.service.database.execute("""
            CREATE FUNCTION hold_job() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.run_at := 'infinity'; RETURN NEW; END $$
            """)
        try harness.service.database.execute("""
            CREATE TRIGGER hold_job BEFORE INSERT ON jobs FOR EACH ROW WHEN (NEW.kind = '\(kind)')
            EXECUTE FUNCTION hold_job()
            """)
    }

    /// Jobs enqueued from now on run as usual.
    func release(_ harness: BotHarness) throws {
        try harness.service.database.execute("DROP TRIGGER hold_job ON jobs")
    }

    /// The held job of `kind`, as a worker that claimed it for its last attempt and died leaves it: running, its
    /// lease expired, its attempts spent. Later jobs are no longer held.
    func dieOnLastAttempt(_ harness: BotHarness, kind: String) throws {
        #expect(harness.standIn.waitUntil(timeout: .seconds(30)) {
            (try? harness.query("SELECT count(*)::int FROM jobs WHERE kind = $1", [kind], as: Int.self)) == 1
        }, "the \(kind) job was enqueued")
        try release(harness)
        #expect(try harness.service.database.execute("""
            UPDATE jobs SET state = 'running', attempt = coalesce(max_attempts, 25), run_at = now(),
                attempted_at = now() - interval '2 minutes', leased_until = now() - interval '1 second',
                worker_id = gen_random_uuid()
            WHERE kind = $1
            """, [kind]) == 1)
    }

    /// The rescuer handed the dead worker's job back and the next claim failed it, its attempts spent.
    func failedForGood(_ harness: BotHarness, kind: String) -> Bool {
        harness.standIn.waitUntil(timeout: .seconds(30)) {
            (try? harness.query("""
                SELECT count(*)::int FROM jobs WHERE kind = $1 AND state = 'failed' AND rescued_count = 1
                """, [kind], as: Int.self)) == 1
        }
    }

    /// The seller orders again and the order is accepted and delivered.
    func ordersAgain(_ harness: BotHarness, _ first: PipelineTests.Order) throws {
        let second = try pipeline.order(harness, count: 1, user: first.user)
        #expect(second.statusMessageID != first.statusMessageID)
        #expect(pipeline.finished(harness, second)?.contains("1 of 1 delivered") == true)
        // The order is finished a moment after its summary is shown.
        #expect(harness.standIn.waitUntil {
            (try? harness.query("SELECT count(*)::int FROM orders WHERE user_id = $1 AND status = 'finished'",
                                [first.user.id], as: Int.self)) == 2
        })
    }

    @Test func aMadeVideoWhoseDeliveryDiedOnItsLastAttemptIsSentAfresh() throws {
        let harness = try harness("stranded_delivery")
        try hold(harness, kind: PipelineJobs.deliverVideo)
        let order = try pipeline.order(harness, count: 1)
        try dieOnLastAttempt(harness, kind: PipelineJobs.deliverVideo)
        #expect(failedForGood(harness, kind: PipelineJobs.deliverVideo))

        #expect(pipeline.finished(harness, order)?.contains("1 of 1 delivered") == true)
        #expect(pipeline.videos(harness, order.user).count == 1)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [order.user.id], as: Int.self) == 20)
        let metrics = String(decoding: testMetrics.exposition(), as: UTF8.self)
        #expect(metrics.contains(#"videos_stranded_total{outcome="sent_again"}"#))
        try ordersAgain(harness, order)
        try pipeline.checkInvariants(harness)
    }

    @Test func aVideoWhoseSubmissionDiedOnItsLastAttemptIsRefunded() throws {
        let harness = try harness("stranded_submission")
        try hold(harness, kind: PipelineJobs.submitVideo)
        let order = try pipeline.order(harness, count: 1)
        try dieOnLastAttempt(harness, kind: PipelineJobs.submitVideo)
        #expect(failedForGood(harness, kind: PipelineJobs.submitVideo))

        #expect(pipeline.finished(harness, order)?.contains("0 delivered, 1 refunded: "
            + Texts.english.failureReason(.serviceUnavailable)) == true)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [order.user.id], as: Int.self) == 30)
        let metrics = String(decoding: testMetrics.exposition(), as: UTF8.self)
        #expect(metrics.contains(#"videos_stranded_total{outcome="refunded"}"#))
        try ordersAgain(harness, order)
        try pipeline.checkInvariants(harness)
    }

    /// Only the submit and poll steps looked at the deadline: a made video whose download never comes (here held
    /// back; in life, a job backing off for longer than the deadline allows) is refunded when its time is up.
    @Test func aMadeVideoWhoseDownloadOutlastsTheDeadlineIsRefunded() throws {
        let harness = try harness("stranded_download_late", deadline: .seconds(10))
        try hold(harness, kind: PipelineJobs.downloadVideo)
        let order = try pipeline.order(harness, count: 1)

        #expect(pipeline.finished(harness, order)?.contains("0 delivered, 1 refunded: "
            + Texts.english.failureReason(.tookTooLong)) == true)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [order.user.id], as: Int.self) == 30)
        try release(harness)
        try ordersAgain(harness, order)
        try pipeline.checkInvariants(harness)
    }
}

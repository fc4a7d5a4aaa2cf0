@testable import Bot
@testable import Domain
import JobQueue
import Postgres
import Testing

/// The stranded-video sweeper against a real database: which unfinished videos it takes for stranded, what it does
/// with each, and that it finds them without reading the jobs table.
@Suite(.serialized) struct StrandedVideosTests {
    let pool: PostgresPool
    let sweeper: StrandedVideos

    init() throws {
        pool = try BotDatabase.pool(named: "stranded_videos")
        sweeper = StrandedVideos(pool: pool, tuning: PipelineTuning(), logger: BotDatabase.logger)
    }

    /// A seller with a paid order of one video at 10, the video put in `state` (with a result once KIE made it).
    func video(user: Int64, in state: VideoState, pastDeadline: Bool = false) throws -> Int64 {
        try pool.transaction { db in
            try db.execute("INSERT INTO users (id, chat_id, balance) VALUES ($1, $1, 0)", [user])
            try Ledger.post(userID: user, delta: 10, reason: .grant, reference: "test:\(user)", operatorID: 1,
                            note: "test balance", on: db)
            let draft = OrderDraft(photo: ProductPhoto(fileID: "f", fileUniqueID: "u"), description: "mug",
                                   count: 1, format: .portrait, unitPrice: 10)
            let placed = try #require(try Orders.place(draft, userID: user, chatID: user, language: .en,
                                                       draftKey: "d\(user)", model: "m",
                                                       deadline: VideoDeadline.standard, statusMessageID: nil, on: db))
            let made = [.downloading, .delivering].contains(state)
            try db.execute("""
                UPDATE videos SET state = $2, result_url = CASE WHEN $3 THEN 'https://kie.example/\\(user).mp4' END,
                    deadline_at = CASE WHEN $4 THEN now() - interval '1 minute' ELSE deadline_at END
                WHERE id = $1
                """, [placed.videoIDs[0], state.rawValue, made, pastDeadline])
            return placed.videoIDs[0]
        }
    }

    func record(_ id: Int64) throws -> (state: String, reason: String?) {
        let row = try #require(try pool.query("SELECT state, failure_reason FROM videos WHERE id = $1", [id]).first)
        return (try row.decode("state"), try row.decode("failure_reason"))
    }

    func liveJobs(_ kind: String, videoID: Int64) throws -> [String] {
        try pool.query("""
            SELECT unique_key FROM jobs WHERE kind = $1 AND payload->>'videoID' = $2 AND state IN ('available', 'running')
            """, [kind, String(videoID)]).map { try $0.decode("unique_key", as: String.self) }
    }

    func refunds(_ id: Int64) throws -> Int {
        try pool.query("SELECT count(*)::int AS n FROM ledger WHERE reference = $1", ["video:\(id):refund"]).first?
            .decode("n", as: Int.self) ?? -1
    }

    @Test func eachStrandedVideoIsSentOnOrRefundedOnceAndTheRestAreLeftAlone() throws {
        // Made, no job left: fetched or sent afresh.
        let downloading = try video(user: 1, in: .downloading)
        let delivering = try video(user: 2, in: .delivering)
        // Not made, no job left: refunded.
        let submitting = try video(user: 3, in: .submitting)
        let queued = try video(user: 4, in: .queued)
        // Past the deadline, whatever their jobs: refunded; one on its way to the chat may have arrived.
        let late = try video(user: 5, in: .generating, pastDeadline: true)
        let lateDelivery = try video(user: 6, in: .delivering, pastDeadline: true)
        // Live jobs: left alone.
        let polled = try video(user: 7, in: .generating)
        let preparing = try video(user: 8, in: .queued)
        let delivered = try video(user: 9, in: .delivered)
        try pool.transaction { db in
            try PipelineJobs.enqueue(PipelineJobs.pollVideo, videoID: polled, step: "poll:t7", on: db)
            try PipelineJobs.enqueue(PipelineJobs.pollVideo, videoID: late, step: "poll:t5", on: db)
            try PipelineJobs.enqueue(PipelineJobs.deliverVideo, videoID: lateDelivery, step: "deliver", on: db)
            let preparingOrder = try #require(try Videos.load(preparing, on: db)).orderID
            try PipelineJobs.enqueuePrepare(orderID: preparingOrder, on: db)
            // A job that failed for good is no live job.
            try PipelineJobs.enqueue(PipelineJobs.deliverVideo, videoID: delivering, step: "deliver", on: db)
            try db.execute("UPDATE jobs SET state = 'failed' WHERE kind = $1 AND payload->>'videoID' = $2",
                           [PipelineJobs.deliverVideo, String(delivering)])
        }

        #expect(sweeper.run() == .snooze(PipelineTuning().sweepInterval))
        #expect(sweeper.run() == .snooze(PipelineTuning().sweepInterval))

        #expect(try record(downloading) == ("downloading", nil))
        #expect(try liveJobs(PipelineJobs.downloadVideo, videoID: downloading) == ["video:\(downloading):download:again"])
        #expect(try record(delivering) == ("delivering", nil))
        #expect(try liveJobs(PipelineJobs.deliverVideo, videoID: delivering) == ["video:\(delivering):deliver:again"])
        #expect(try record(submitting) == ("failed", "service_unavailable"))
        #expect(try record(queued) == ("failed", "service_unavailable"))
        #expect(try record(late) == ("failed", "took_too_long"))
        #expect(try record(lateDelivery) == ("failed", "delivery_uncertain"))
        for refunded in [submitting, queued, late, lateDelivery] {
            #expect(try refunds(refunded) == 1, "video \(refunded) is refunded exactly once")
        }
        for untouched in [downloading, delivering, polled, preparing, delivered] {
            #expect(try refunds(untouched) == 0)
        }
        #expect(try record(polled) == ("generating", nil))
        #expect(try record(preparing) == ("queued", nil))
        #expect(try pool.withConnection { try Ledger.mismatches(on: $0) }.isEmpty)
        // Each ended video's order gets its summary asked for (that finishes the order); the others' wait.
        for ended in [submitting, queued, late, lateDelivery, delivered] {
            #expect(try summaryAskedFor(ended), "video \(ended)'s order")
        }
        for running in [downloading, delivering, polled, preparing] {
            #expect(try !summaryAskedFor(running), "video \(running)'s order")
        }
    }

    func summaryAskedFor(_ videoID: Int64) throws -> Bool {
        try pool.query("""
            SELECT count(*)::int AS n FROM jobs j JOIN videos v ON j.payload->>'orderID' = v.order_id::text
            WHERE j.kind = $1 AND v.id = $2
            """, [PipelineJobs.orderStatus, videoID]).first?.decode("n", as: Int.self) == 1
    }

    @Test func anOrderWhoseSummaryWasLostHasItAskedForAgain() throws {
        let video = try video(user: 20, in: .delivered)
        let orderID = try #require(try pool.withConnection { try Videos.load(video, on: $0) }).orderID
        try pool.withConnection { try PipelineJobs.enqueueStatus(orderID: orderID, throttle: .zero, on: $0) }
        try pool.execute("UPDATE jobs SET state = 'failed' WHERE kind = $1", [PipelineJobs.orderStatus])

        _ = sweeper.run()
        _ = sweeper.run()

        #expect(try pool.query("""
            SELECT count(*)::int AS n FROM jobs WHERE kind = $1 AND state = 'available' AND payload->>'orderID' = $2
            """, [PipelineJobs.orderStatus, String(orderID)]).first?.decode("n", as: Int.self) == 1)
    }

    @Test func theSweepFindsThemFromLiveJobsWithoutReadingTheJobsTable() throws {
        let stranded = try video(user: 30, in: .submitting)
        let busy = try video(user: 31, in: .generating)
        try pool.transaction { db in
            try PipelineJobs.enqueue(PipelineJobs.pollVideo, videoID: busy, step: "poll:t31", on: db)
            // A day of finished pipeline jobs, as the pruner leaves them.
            try db.execute("""
                INSERT INTO jobs (kind, payload, state, finished_at)
                SELECT 'video.deliver', jsonb_build_object('videoID', n), 'done', now() FROM generate_series(1, 50000) n
                """)
            try db.execute("ANALYZE jobs")
            try db.execute("ANALYZE videos")
        }
        let plan = try pool.query("EXPLAIN " + Videos.strandedList, Videos.strandedParameters + [500])
            .map { try $0.decode(at: 0, as: String.self) }.joined(separator: "\n")
        #expect(!plan.contains("Seq Scan on jobs"), "\(plan)")
        #expect(plan.contains("jobs_live_by_video"), "\(plan)")
        let found = try pool.withConnection { try Videos.stranded(limit: 500, on: $0) }
        #expect(found.contains(stranded) && !found.contains(busy))
    }
}

import Domain
import Postgres

/// Why an unfinished video needs the sweeper.
enum Stranding: Sendable, Equatable {
    /// Its deadline passed, whatever is still happening to it.
    case pastDeadline
    /// No job is pending or running for it (the last one failed for good), so nothing will ever move it on.
    case noLiveJob
}

/// Unfinished videos nothing will finish: the `videos` side of `StrandedVideos`. Every state change enqueues the
/// next step's job in its own transaction, so a video in the pipeline always has a live job; one without has lost
/// it for good (a worker died on the job's last attempt, a database error on the last attempt).
extension Videos {
    /// Up to `limit` of them, oldest first.
    static func stranded(limit: Int, on db: PostgresConnection) throws -> [Int64] {
        try db.query(strandedList, strandedParameters + [limit]).map { try $0.decode("id", as: Int64.self) }
    }

    /// The listing statement, named so its plan can be read (it must never scan the jobs table).
    static let strandedList = "SELECT v.id FROM videos v WHERE \(strandedCondition) ORDER BY v.id LIMIT $3"

    /// Whether video `id` is stranded now; asked again with the video locked, since a step may have moved it on
    /// (and enqueued its next job) since the list was read.
    static func stranding(of id: Int64, on db: PostgresConnection) throws -> Stranding? {
        try db.query("""
            SELECT v.deadline_at < now() AS past_deadline FROM videos v WHERE \(strandedCondition) AND v.id = $3
            """, strandedParameters + [id]).first.map { row in
            try row.decode("past_deadline", as: Bool?.self) == true ? .pastDeadline : .noLiveJob
        }
    }

    /// Unfinished, and past the deadline or without a live job. The job lookups match the partial indexes
    /// `jobs_live_by_video` and `jobs_live_by_order` (migration 8) clause for clause.
    private static let strandedCondition = """
        v.state = ANY($1::text[]) AND (v.deadline_at < now() OR NOT (
            EXISTS (SELECT 1 FROM jobs j
                    WHERE j.payload ? 'videoID' AND j.payload->>'videoID' = v.id::text
                      AND j.state IN ('available', 'running'))
            OR (v.state = 'queued' AND EXISTS (
                SELECT 1 FROM jobs j
                WHERE j.payload ? 'orderID' AND j.payload->>'orderID' = v.order_id::text AND j.kind = $2
                  AND j.state IN ('available', 'running')))))
        """

    /// The unfinished states (every one a video can still fail from) and the prepare job's kind.
    static var strandedParameters: [any PostgresEncodable] {
        [textArray(VideoTransition.fail.from), PipelineJobs.prepareOrder]
    }
}

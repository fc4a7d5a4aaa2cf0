import Postgres

/// What is still to do, in one query: videos not final, jobs of the dialogue and the pipeline pending or running
/// (status refreshes and fallback polls included; only the service's own periodic `app.*` jobs are left out), and
/// active orders.
struct PipelineWork {
    var videos = 0
    var delivered = 0
    var notFinal = 0
    var pendingJobs = 0
    var activeOrders = 0

    static func read(_ pool: PostgresPool) throws -> PipelineWork {
        var work = PipelineWork()
        guard let row = try pool.query("""
            SELECT (SELECT count(*)::int FROM videos) AS videos,
                   (SELECT count(*)::int FROM videos WHERE state = 'delivered') AS delivered,
                   (SELECT count(*)::int FROM videos WHERE state NOT IN ('delivered', 'failed', 'cancelled')) AS not_final,
                   (SELECT count(*)::int FROM jobs WHERE state IN ('available', 'running') AND kind NOT LIKE 'app.%') AS pending,
                   (SELECT count(*)::int FROM orders WHERE status = 'active') AS active
            """).first else { return work }
        work.videos = try row.decode("videos")
        work.delivered = try row.decode("delivered")
        work.notFinal = try row.decode("not_final")
        work.pendingJobs = try row.decode("pending")
        work.activeOrders = try row.decode("active")
        return work
    }

    func settled(expectedVideos: Int) -> Bool {
        videos >= expectedVideos && notFinal == 0 && pendingJobs == 0 && activeOrders == 0
    }

    var line: String {
        "videos \(videos), delivered \(delivered), not final \(notFinal), pending jobs \(pendingJobs), active orders \(activeOrders)"
    }
}

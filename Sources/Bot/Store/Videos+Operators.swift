import Domain
import Postgres
import Timekeeping

/// What operators read of the `videos` table.
extension Videos {
    /// Videos ordered within `window`, by their state now.
    static func countByState(within window: Duration, on db: PostgresConnection) throws -> [StatsReport.Tally] {
        try db.query("""
            SELECT state AS name, count(*) AS n FROM videos WHERE created_at > now() - make_interval(secs => $1)
            GROUP BY state ORDER BY n DESC, state
            """, [window.seconds]).map(StatsReport.Tally.init(row:))
    }

    /// The failed ones among them, by failure class.
    static func failuresByClass(within window: Duration, on db: PostgresConnection) throws -> [StatsReport.Tally] {
        try db.query("""
            SELECT failure_class AS name, count(*) AS n FROM videos
            WHERE state = 'failed' AND failure_class IS NOT NULL AND created_at > now() - make_interval(secs => $1)
            GROUP BY failure_class ORDER BY n DESC, failure_class
            """, [window.seconds]).map(StatsReport.Tally.init(row:))
    }

    /// The failed ones refunded although they may have reached the chat.
    static func uncertainDeliveries(within window: Duration, on db: PostgresConnection) throws -> Int {
        try db.query("""
            SELECT count(*)::int AS n FROM videos
            WHERE state = 'failed' AND failure_reason = $2 AND created_at > now() - make_interval(secs => $1)
            """, [window.seconds, FailureReason.deliveryUncertain.rawValue]).first?.decode("n", as: Int.self) ?? 0
    }
}

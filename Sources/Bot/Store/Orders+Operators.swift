import Domain
import Postgres
import Timekeeping

/// What operators read of the `orders` table.
extension Orders {
    /// Orders made within `window`, by their status now.
    static func countByStatus(within window: Duration, on db: PostgresConnection) throws -> [StatsReport.Tally] {
        try db.query("""
            SELECT status AS name, count(*) AS n FROM orders WHERE created_at > now() - make_interval(secs => $1)
            GROUP BY status ORDER BY n DESC, status
            """, [window.seconds]).map(StatsReport.Tally.init(row:))
    }

    /// The seller's latest orders, newest first, with how their videos stand.
    static func summaries(userID: Int64, limit: Int, on db: PostgresConnection) throws -> [UserReport.Order] {
        try db.query("""
            SELECT o.id, to_char(o.created_at, 'YYYY-MM-DD HH24:MI') AS placed_at, o.video_count, o.status,
                   count(v.id) FILTER (WHERE v.state = 'delivered') AS delivered,
                   count(v.id) FILTER (WHERE v.state IN ('failed', 'cancelled')) AS refunded
            FROM orders o LEFT JOIN videos v ON v.order_id = o.id
            WHERE o.user_id = $1 GROUP BY o.id ORDER BY o.id DESC LIMIT $2
            """, [userID, limit]).map { row in
            UserReport.Order(id: try row.decode("id"), placedAt: try row.decode("placed_at"),
                             videoCount: try row.decode("video_count"), status: try row.decode("status"),
                             delivered: try row.decode("delivered"), refunded: try row.decode("refunded"))
        }
    }
}

extension StatsReport.Tally {
    /// A `name`, `n` row of a GROUP BY.
    init(row: PostgresRow) throws {
        self.init(try row.decode("name"), try row.decode("n"))
    }
}

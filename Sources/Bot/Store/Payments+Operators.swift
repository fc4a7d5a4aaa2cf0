import Domain
import Postgres
import Timekeeping

/// What operators read of the `payments` table.
extension Payments {
    /// Stars paid within `window` and ever, refunded purchases included.
    static func stars(within window: Duration, on db: PostgresConnection) throws -> (recent: Int, total: Int) {
        let row = try db.query("""
            SELECT COALESCE(sum(stars) FILTER (WHERE created_at > now() - make_interval(secs => $1)), 0) AS recent,
                   COALESCE(sum(stars), 0) AS total
            FROM payments
            """, [window.seconds]).first
        return (try row?.decode("recent", as: Int.self) ?? 0, try row?.decode("total", as: Int.self) ?? 0)
    }

    /// The seller's latest purchases, newest first.
    static func purchases(userID: Int64, limit: Int, on db: PostgresConnection) throws -> [UserReport.Purchase] {
        try db.query("""
            SELECT charge_id, to_char(created_at, 'YYYY-MM-DD HH24:MI') AS paid_at, credits, stars, refund_state
            FROM payments WHERE user_id = $1 ORDER BY created_at DESC, charge_id LIMIT $2
            """, [userID, limit]).map { row in
            UserReport.Purchase(chargeID: try row.decode("charge_id"), paidAt: try row.decode("paid_at"),
                                credits: try row.decode("credits"), stars: try row.decode("stars"),
                                refundState: try row.decode("refund_state"))
        }
    }
}

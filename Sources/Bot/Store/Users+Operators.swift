import Domain
import Postgres
import Timekeeping

/// What operators read of the `users` table.
extension Users {
    /// Every user, and those who came within `window`.
    static func counts(within window: Duration, on db: PostgresConnection) throws -> (total: Int, new: Int) {
        let row = try db.query("""
            SELECT count(*) AS total, count(*) FILTER (WHERE created_at > now() - make_interval(secs => $1)) AS new
            FROM users
            """, [window.seconds]).first
        return (try row?.decode("total", as: Int.self) ?? 0, try row?.decode("new", as: Int.self) ?? 0)
    }

    /// One user as `/user` shows them, before their orders and purchases are added; nil when unknown.
    static func report(userID: Int64, on db: PostgresConnection) throws -> UserReport? {
        try db.query("""
            SELECT id, first_name, username, language, balance, blocked_at IS NOT NULL AS blocked,
                   to_char(created_at, 'YYYY-MM-DD HH24:MI') AS signed_up_at, start_payload
            FROM users WHERE id = $1
            """, [userID]).first.map { row in
            UserReport(id: try row.decode("id"), firstName: try row.decode("first_name"),
                       username: try row.decode("username"),
                       language: Language(rawValue: try row.decode("language", as: String.self)) ?? .ru,
                       balance: try row.decode("balance"), isBlocked: try row.decode("blocked"),
                       signedUpAt: try row.decode("signed_up_at"), startPayload: try row.decode("start_payload"))
        }
    }
}

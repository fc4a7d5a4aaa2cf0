import Postgres
import Timekeeping

/// Updates already received, by `update_id`: Telegram re-sends one it thinks we missed. An update from a seller is
/// recorded by `Users.admission`, in the statement that admits them.
public enum TelegramUpdates {
    /// An update to record: its id and the kind the metrics count it under.
    public struct Receipt: Sendable {
        public var id: Int64
        public var kind: String
    }

    /// Records an update that names no seller to admit; `recorded(_:)` reads what it returned.
    static func recording(_ update: Receipt, userID: Int64?) -> PostgresStatement {
        PostgresStatement("""
            INSERT INTO telegram_updates (update_id, kind, user_id) VALUES ($1, $2, $3)
            ON CONFLICT (update_id) DO NOTHING RETURNING update_id
            """, [update.id, update.kind, userID])
    }

    /// True the first time an update is recorded; false for a repeat.
    static func recorded(_ rows: [PostgresRow]) -> Bool {
        rows.count == 1
    }

    static func deleteOlderThan(_ age: Duration, limit: Int, on db: PostgresConnection) throws -> Int {
        try db.execute("""
            DELETE FROM telegram_updates WHERE update_id IN (
                SELECT update_id FROM telegram_updates WHERE received_at < now() - make_interval(secs => $1) LIMIT $2)
            """, [age.seconds, limit])
    }
}

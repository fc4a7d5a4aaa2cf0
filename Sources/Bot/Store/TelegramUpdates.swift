import Postgres
import Timekeeping

/// Updates already received, by `update_id`: Telegram re-sends one it thinks we missed.
enum TelegramUpdates {
    /// True the first time an update is recorded; false for a repeat.
    static func record(updateID: Int64, kind: String, userID: Int64?, on db: PostgresConnection) throws -> Bool {
        try db.query("""
            INSERT INTO telegram_updates (update_id, kind, user_id) VALUES ($1, $2, $3)
            ON CONFLICT (update_id) DO NOTHING RETURNING update_id
            """, [updateID, kind, userID]).count == 1
    }

    static func deleteOlderThan(_ age: Duration, limit: Int, on db: PostgresConnection) throws -> Int {
        try db.execute("""
            DELETE FROM telegram_updates WHERE update_id IN (
                SELECT update_id FROM telegram_updates WHERE received_at < now() - make_interval(secs => $1) LIMIT $2)
            """, [age.seconds, limit])
    }
}

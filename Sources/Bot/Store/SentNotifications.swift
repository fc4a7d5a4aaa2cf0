import Postgres
import Timekeeping

/// Notifications sent at most once ever (an alert, "your videos are delayed"), by key: the job queue's unique keys
/// cover only pending and running jobs, and these may be asked for again long after.
enum SentNotifications {
    /// True the first time `key` is claimed, false ever after.
    static func claim(_ key: String, on db: PostgresConnection) throws -> Bool {
        try db.query("""
            INSERT INTO sent_notifications (key) VALUES ($1) ON CONFLICT (key) DO NOTHING RETURNING key
            """, [key]).count == 1
    }

    static func deleteOlderThan(_ age: Duration, limit: Int, on db: PostgresConnection) throws -> Int {
        try db.execute("""
            DELETE FROM sent_notifications WHERE key IN (
                SELECT key FROM sent_notifications WHERE created_at < now() - make_interval(secs => $1) LIMIT $2)
            """, [age.seconds, limit])
    }
}

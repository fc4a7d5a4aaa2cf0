import Postgres
import Timekeeping

/// Photo analyses each seller asked for, kept a couple of days for the per-minute and per-day caps.
enum PhotoAnalyses {
    static func record(userID: Int64, on db: PostgresConnection) throws {
        try db.execute("INSERT INTO photo_analyses (user_id) VALUES ($1)", [userID])
    }

    static func recent(userID: Int64, on db: PostgresConnection) throws -> (lastMinute: Int, today: Int) {
        let row = try db.query("""
            SELECT count(*) FILTER (WHERE requested_at > now() - interval '1 minute')::int AS minute,
                   count(*)::int AS day
            FROM photo_analyses WHERE user_id = $1 AND requested_at > now() - interval '1 day'
            """, [userID]).first
        return (try row?.decode("minute", as: Int.self) ?? 0, try row?.decode("day", as: Int.self) ?? 0)
    }

    static func deleteOlderThan(_ age: Duration, limit: Int, on db: PostgresConnection) throws -> Int {
        try db.execute("""
            DELETE FROM photo_analyses WHERE id IN (
                SELECT id FROM photo_analyses WHERE requested_at < now() - make_interval(secs => $1) LIMIT $2)
            """, [age.seconds, limit])
    }
}

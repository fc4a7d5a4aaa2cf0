import Postgres

/// What the database holds for one user, as one JSON document: balance, ledger, videos and the jobs that concern
/// them. The sandbox's chat page shows it in its side panel; PostgreSQL builds the JSON itself.
public enum UserRecords {
    /// The latest rows only (50 ledger rows, 30 videos, 40 jobs): the panel shows what is happening now, not the
    /// whole history. An unknown user reads as a null balance and empty lists.
    public static func json(userID: Int64, on db: PostgresConnection) throws -> String {
        try db.query("""
            WITH user_orders AS (SELECT id FROM orders WHERE user_id = $1),
                 user_videos AS (SELECT id FROM videos WHERE order_id IN (SELECT id FROM user_orders))
            SELECT json_build_object(
                'balance', (SELECT balance FROM users WHERE id = $1),
                'ledger_total', (SELECT COALESCE(sum(delta), 0) FROM ledger WHERE user_id = $1),
                'ledger', COALESCE((SELECT json_agg(l) FROM (
                    SELECT id, delta, reason, order_id, created_at FROM ledger WHERE user_id = $1
                    ORDER BY id DESC LIMIT 50) l), '[]'),
                'videos', COALESCE((SELECT json_agg(v) FROM (
                    SELECT id, order_id, position, state, attempts, failure_class, failure_reason, kie_task_id
                    FROM videos WHERE id IN (SELECT id FROM user_videos) ORDER BY id DESC LIMIT 30) v), '[]'),
                'jobs', COALESCE((SELECT json_agg(j) FROM (
                    SELECT id, kind, state, attempt, run_at, last_error FROM jobs
                    WHERE payload->>'chatID' = $1::text OR payload->>'userID' = $1::text
                       OR payload->>'orderID' IN (SELECT id::text FROM user_orders)
                       OR payload->>'videoID' IN (SELECT id::text FROM user_videos)
                    ORDER BY id DESC LIMIT 40) j), '[]')
            )::text AS records
            """, [userID]).first?.decode("records", as: String.self) ?? "{}"
    }
}

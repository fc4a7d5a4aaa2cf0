import HTTPServer
import Postgres

/// `GET /sandbox/records/users/:user`: what the database holds for one user (balance, ledger, videos and the jobs
/// that concern them) for the chat page's side panel. Read-only; one parameterised query that PostgreSQL turns
/// into JSON itself.
struct SandboxRecords: Sendable {
    let pool: PostgresPool

    func register(on router: Router) {
        router.get("/sandbox/records/users/:user") { [pool] request in
            guard let userID = Int64(request.pathParameters["user"] ?? ""), userID > 0 else {
                throw HTTPError(.badRequest, "the user id must be a positive integer")
            }
            let json = try pool.query(Self.query, [userID]).first?.decode(at: 0, as: String.self) ?? "{}"
            return HTTPResponse.json(Array(json.utf8))
        }
    }

    /// The latest rows only: the panel shows what is happening now, not the whole history.
    static let query = """
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
        )::text
        """
}

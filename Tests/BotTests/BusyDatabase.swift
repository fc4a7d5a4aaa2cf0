import Postgres

/// The bot's tables as a busy year leaves them, made by PostgreSQL itself: two orders of five videos per seller, ten
/// ledger rows per seller, a week of updates, a month of notifications; the newest orders under way, the rest
/// finished; every row dated, oldest first. A fifth of a busy year's size (100,000 sellers, a million videos: the
/// check passes there too, but making it takes 40 s on a shared test machine), so it is made in a few seconds: the
/// planner already prefers an index to a scan at this size wherever one serves, so a missing one shows all the same.
enum BusyDatabase {
    static let users = 20_000
    static let orders = 2 * users
    static let videos = 5 * orders
    /// The newest orders; an odd number, so the oldest of them belongs to a seller with a finished one too.
    static let activeOrders = 101
    static let ledgerRows = 10 * users
    static let updates = 5 * users
    static let notifications = users
    static let payments = users / 5

    static func make(named name: String) throws -> PostgresPool {
        let pool = try BotDatabase.pool(named: name)
        try pool.withConnection { db in
            for (sql, parameters) in statements { try db.execute(sql, parameters) }
        }
        return pool
    }

    /// Keys grow with the row number, so every index is filled at its end, as time fills it.
    private static var statements: [(String, [any PostgresEncodable])] {
        [
        ("""
         INSERT INTO users (id, chat_id, first_name, language, balance, created_at, blocked_at)
         SELECT i, i, 'Seller ' || i, CASE WHEN i % 4 = 0 THEN 'en' ELSE 'ru' END, 1000,
                now() - ($1 - i) * interval '365 days' / $1, CASE WHEN i % 50 = 0 THEN now() END
         FROM generate_series(1, $1) AS i
         """, [users]),
        ("""
         INSERT INTO conversations (chat_id, user_id, state)
         SELECT i, i, '{"step":"idle","videoCount":1,"format":"9:16","version":3}' FROM generate_series(1, $1) AS i
         """, [users]),
        ("""
         INSERT INTO orders (id, user_id, chat_id, status, video_count, format, unit_price, photo_file_id,
                             photo_unique_id, description, language, draft_key, model, created_at)
         SELECT i, (i + 1) / 2, (i + 1) / 2,
                CASE WHEN i > $1 - $2 THEN 'active' WHEN i % 50 = 0 THEN 'cancelled' ELSE 'finished' END,
                5, '9:16', 10, 'photo', 'unique', 'a white mug', 'ru', lpad(i::text, 9, '0'), 'm',
                now() - ($1 - i) * interval '365 days' / $1
         FROM generate_series(1, $1) AS i
         """, [orders, activeOrders]),
        ("SELECT setval('orders_id_seq', $1)", [orders]),
        ("""
         INSERT INTO videos (order_id, position, state, model, kie_task_id, failure_class, created_at, deadline_at)
         SELECT o, p, CASE WHEN o > $1 - $2 THEN 'generating' WHEN (o + p) % 30 = 0 THEN 'failed' ELSE 'delivered' END,
                'm', 'task-' || lpad(i::text, 9, '0'), CASE WHEN o <= $1 - $2 AND (o + p) % 30 = 0 THEN 'temporary' END,
                placed, placed + interval '30 minutes'
         FROM generate_series(1, 5 * $1) AS i,
              LATERAL (SELECT (i + 4) / 5 AS o, (i - 1) % 5 + 1 AS p) AS position,
              LATERAL (SELECT now() - ($1 - o) * interval '365 days' / $1 AS placed) AS time
         """, [orders, activeOrders]),
        ("""
         INSERT INTO ledger (user_id, delta, reason, reference, created_at)
         SELECT (i + 9) / 10, CASE WHEN i % 20 = 0 THEN 10 ELSE -10 END,
                CASE WHEN i % 20 = 0 THEN 'refund' ELSE 'order_debit' END, lpad(i::text, 9, '0'),
                now() - ($1 - i) * interval '365 days' / $1
         FROM generate_series(1, $1) AS i
         """, [ledgerRows]),
        ("""
         INSERT INTO telegram_updates (update_id, kind, user_id, received_at)
         SELECT i, 'message', (i - 1) % $2 + 1, now() - ($1 - i) * interval '7 days' / $1
         FROM generate_series(1, $1) AS i
         """, [updates, users]),
        ("""
         INSERT INTO sent_notifications (key, created_at)
         SELECT 'delayed:' || lpad(i::text, 9, '0'), now() - ($1 - i) * interval '30 days' / $1
         FROM generate_series(1, $1) AS i
         """, [notifications]),
        ("""
         INSERT INTO payments (charge_id, user_id, credits, stars, created_at)
         SELECT 'charge-' || lpad(i::text, 9, '0'), $2 + 1 - i, 100, 50, now() - ($1 - i) * interval '365 days' / $1
         FROM generate_series(1, $1) AS i
         """, [payments, users]),
        ("ANALYZE", []),
        ]
    }
}

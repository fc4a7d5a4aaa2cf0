import Postgres
import Timekeeping

/// The rotation state of KIE keys, by id (a hash prefix; the keys themselves never reach the database), shared by
/// every process: a rate-limited key cools down, a key out of credit leaves rotation for a while.
enum KIEKeyStates {
    static func register(ids: [String], on db: PostgresConnection) throws {
        for id in ids {
            try db.execute("INSERT INTO kie_keys (id) VALUES ($1) ON CONFLICT (id) DO NOTHING", [id])
        }
    }

    /// Takes the least recently used of `ids` that is neither cooling down nor out of rotation.
    static func takeLeastRecentlyUsed(ids: [String], on db: PostgresConnection) throws -> String? {
        try db.query("""
            UPDATE kie_keys SET last_used_at = now() WHERE id = (
                SELECT id FROM kie_keys
                WHERE id = ANY($1::text[]) AND coalesce(cooldown_until, '-infinity') <= now()
                  AND coalesce(disabled_until, '-infinity') <= now()
                ORDER BY last_used_at NULLS FIRST LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """, [textArray(ids)]).first?.decode("id", as: String.self)
    }

    struct Unavailable: Sendable {
        /// Until the first of `ids` is usable again.
        var seconds: Double?
        var allOutOfCredit: Bool
    }

    static func unavailable(ids: [String], on db: PostgresConnection) throws -> Unavailable {
        let row = try db.query("""
            SELECT extract(epoch FROM min(greatest(coalesce(cooldown_until, now()), coalesce(disabled_until, now())) - now()))::float8 AS wait,
                   bool_and(disabled_until > now()) AS all_disabled
            FROM kie_keys WHERE id = ANY($1::text[])
            """, [textArray(ids)]).first
        return Unavailable(seconds: try row?.decode("wait", as: Double?.self) ?? nil,
                           allOutOfCredit: (try row?.decode("all_disabled", as: Bool?.self) ?? nil) ?? false)
    }

    static func coolDown(id: String, for duration: Duration, on db: PostgresConnection) throws {
        try db.execute("UPDATE kie_keys SET cooldown_until = now() + make_interval(secs => $2) WHERE id = $1",
                       [id, duration.seconds])
    }

    /// Takes the key out of rotation; true when this is the first time in `period`, so support is told once.
    static func disableForBilling(id: String, for period: Duration, on db: PostgresConnection) throws -> Bool {
        try db.query("""
            UPDATE kie_keys SET disabled_until = now() + make_interval(secs => $2), disabled_reason = 'billing',
                billing_alerted_at = CASE WHEN coalesce(billing_alerted_at, '-infinity') <= now() - make_interval(secs => $2)
                                          THEN now() ELSE billing_alerted_at END
            WHERE id = $1
            RETURNING billing_alerted_at = now() AS alert
            """, [id, period.seconds]).first?.decode("alert", as: Bool.self) ?? false
    }

    private static func textArray(_ ids: [String]) -> String {
        "{" + ids.joined(separator: ",") + "}"
    }
}

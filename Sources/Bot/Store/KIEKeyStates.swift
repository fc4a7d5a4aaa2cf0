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

    /// Of `ids`, those neither cooling down nor out of rotation.
    static func usable(ids: [String], on db: PostgresConnection) throws -> Set<String> {
        Set(try db.query("SELECT id FROM kie_keys WHERE id = ANY($1::text[]) AND \(usableNow)", [textArray(ids)])
            .map { try $0.decode("id", as: String.self) })
    }

    /// Takes the least recently used usable key of `ids`: one no other transaction is taking while there is one,
    /// else the least recently used all the same, once its taker is done.
    static func takeLeastRecentlyUsed(ids: [String], on db: PostgresConnection) throws -> String? {
        try db.query("""
            UPDATE kie_keys SET last_used_at = now() WHERE id = coalesce(
                (SELECT id FROM kie_keys WHERE id = ANY($1::text[]) AND \(usableNow)
                 ORDER BY last_used_at NULLS FIRST, id LIMIT 1 FOR UPDATE SKIP LOCKED),
                (SELECT id FROM kie_keys WHERE id = ANY($1::text[]) AND \(usableNow)
                 ORDER BY last_used_at NULLS FIRST, id LIMIT 1))
            RETURNING id
            """, [textArray(ids)]).first?.decode("id", as: String.self)
    }

    private static let usableNow = """
        coalesce(cooldown_until, '-infinity') <= now() AND coalesce(disabled_until, '-infinity') <= now()
        """

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

    /// Takes the keys (an account's: its credit is theirs together) out of rotation; true when this is the first
    /// time in `period` for any of them, so support is told once.
    static func disableForBilling(ids: [String], for period: Duration, on db: PostgresConnection) throws -> Bool {
        try db.query("""
            UPDATE kie_keys SET disabled_until = now() + make_interval(secs => $2), disabled_reason = 'billing',
                billing_alerted_at = CASE WHEN coalesce(billing_alerted_at, '-infinity') <= now() - make_interval(secs => $2)
                                          THEN now() ELSE billing_alerted_at END
            WHERE id = ANY($1::text[])
            RETURNING billing_alerted_at = now() AS alert
            """, [textArray(ids), period.seconds]).contains { try $0.decode("alert", as: Bool.self) }
    }

    /// A PostgreSQL text array literal of `items`, each quoted.
    static func textArray(_ items: [String]) -> String {
        let quoted = items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        return "{" + quoted.joined(separator: ",") + "}"
    }
}

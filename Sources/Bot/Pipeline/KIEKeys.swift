import Foundation
import Postgres
import Signing

/// KIE API keys in rotation, shared by every process through PostgreSQL. Keys are known to the database only by
/// an id derived from a hash, so no secret is ever stored or logged.
struct KIEKeys: Sendable {
    struct Key: Sendable {
        let id: String
        let secret: String
    }

    let keys: [Key]

    init(_ secrets: [String]) {
        keys = secrets.map { Key(id: Self.id(of: $0), secret: $0) }
    }

    static func id(of secret: String) -> String {
        "k" + String(Signing.hex(Signing.sha256(Array(secret.utf8))).prefix(12))
    }

    func key(id: String?) -> Key? {
        keys.first { $0.id == id }
    }

    func register(on db: PostgresConnection) throws {
        for key in keys {
            try db.execute("INSERT INTO kie_keys (id) VALUES ($1) ON CONFLICT (id) DO NOTHING", [key.id])
        }
    }

    enum Choice {
        case key(Key)
        /// Every key is cooling down or out of credit; try again after this long.
        case wait(Duration, allOutOfCredit: Bool)
    }

    /// The least recently used key that is neither cooling down nor out of rotation.
    func acquire(on db: PostgresConnection) throws -> Choice {
        let ids = "{" + keys.map(\.id).joined(separator: ",") + "}"
        if let row = try db.query("""
            UPDATE kie_keys SET last_used_at = now() WHERE id = (
                SELECT id FROM kie_keys
                WHERE id = ANY($1::text[]) AND coalesce(cooldown_until, '-infinity') <= now()
                  AND coalesce(disabled_until, '-infinity') <= now()
                ORDER BY last_used_at NULLS FIRST LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """, [ids]).first, let key = key(id: try row.decode("id", as: String.self)) {
            return .key(key)
        }
        let row = try db.query("""
            SELECT extract(epoch FROM min(greatest(coalesce(cooldown_until, now()), coalesce(disabled_until, now())) - now()))::float8 AS wait,
                   bool_and(disabled_until > now()) AS all_disabled
            FROM kie_keys WHERE id = ANY($1::text[])
            """, [ids]).first
        let seconds = max(0.2, (try row?.decode("wait", as: Double?.self) ?? nil) ?? 1)
        return .wait(.milliseconds(Int(min(seconds, 60) * 1000)),
                     allOutOfCredit: (try row?.decode("all_disabled", as: Bool?.self) ?? nil) ?? false)
    }

    func coolDown(_ key: Key, for duration: Duration, on db: PostgresConnection) throws {
        try db.execute("UPDATE kie_keys SET cooldown_until = now() + make_interval(secs => $2) WHERE id = $1",
                       [key.id, Double(duration.components.seconds)])
    }

    /// Takes the key out of rotation; true when this is the first time in `period`, so support is told once.
    func disableForBilling(_ key: Key, for period: Duration, on db: PostgresConnection) throws -> Bool {
        try db.query("""
            UPDATE kie_keys SET disabled_until = now() + make_interval(secs => $2), disabled_reason = 'billing',
                billing_alerted_at = CASE WHEN coalesce(billing_alerted_at, '-infinity') <= now() - make_interval(secs => $2)
                                          THEN now() ELSE billing_alerted_at END
            WHERE id = $1
            RETURNING billing_alerted_at = now() AS alert
            """, [key.id, Double(period.components.seconds)]).first?.decode("alert", as: Bool.self) ?? false
    }
}

/// KIE takes about 20 new tasks per 10 s per account: one token bucket in PostgreSQL for every process. Its burst is a
/// quarter of the allowance and the rest refills over the window, so no 10-second window ever exceeds the allowance.
enum KIECreateBucket {
    /// Takes a token and returns nil, or returns how long until one is available (taking nothing).
    static func take(perTenSeconds allowance: Double, on db: PostgresConnection) throws -> Duration? {
        let burst = max(1, allowance / 4)
        let refillPerSecond = max(0.1, (allowance - burst) / 10)
        let available = try db.query("""
            WITH available AS (
                SELECT least($1, tokens + extract(epoch FROM now() - refilled_at) * $2) AS tokens
                FROM kie_create_bucket WHERE id = 1 FOR UPDATE
            ), taken AS (
                UPDATE kie_create_bucket SET refilled_at = now(),
                    tokens = (SELECT tokens FROM available) - CASE WHEN (SELECT tokens FROM available) >= 1 THEN 1 ELSE 0 END
                WHERE id = 1
            )
            SELECT tokens::float8 AS tokens FROM available
            """, [burst, refillPerSecond]).first?.decode("tokens", as: Double.self) ?? 0
        guard available < 1 else { return nil }
        return .milliseconds(Int((1 - available) / refillPerSecond * 1000) + 1)
    }
}

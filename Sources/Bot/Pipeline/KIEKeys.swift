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

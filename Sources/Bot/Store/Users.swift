import Domain
import Postgres
import Telegram

/// A seller as the bot sees them, read under a row lock for the length of the update's transaction.
public struct UserRecord: Sendable, Equatable {
    public var id: Int64
    public var chatID: Int64
    public var firstName: String
    public var language: Language
    public var balance: Int
    public var isBlocked: Bool
}

public enum Users {
    /// Creates the user on first contact, with the sign-up bonus as a ledger row, then locks the row.
    public static func lockOrCreate(_ user: Telegram.User, chatID: Int64, startPayload: String?, signupBonus: Int,
                                    on db: PostgresConnection) throws -> (record: UserRecord, isNew: Bool) {
        let language = Language(languageCode: user.languageCode)
        let created = try db.query("""
            INSERT INTO users (id, chat_id, first_name, username, language, start_payload)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING id
            """, [user.id, chatID, String(user.firstName.prefix(64)), user.username, language.rawValue,
                  startPayload.map { String($0.prefix(64)) }])
        let isNew = !created.isEmpty
        if isNew, signupBonus > 0 {
            try Ledger.post(userID: user.id, delta: signupBonus, reason: .signupBonus, reference: "signup:\(user.id)", on: db)
        }
        guard let record = try lock(user.id, on: db) else {
            throw PostgresError(kind: .other, message: "user \(user.id) vanished inside its own transaction")
        }
        return (record, isNew)
    }

    public static func lock(_ id: Int64, on db: PostgresConnection) throws -> UserRecord? {
        try db.query("""
            SELECT id, chat_id, first_name, language, balance, blocked_at IS NOT NULL AS blocked
            FROM users WHERE id = $1 FOR UPDATE
            """, [id]).first.map { row in
            UserRecord(
                id: try row.decode("id"), chatID: try row.decode("chat_id"), firstName: try row.decode("first_name"),
                language: Language(rawValue: try row.decode("language", as: String.self)) ?? .ru,
                balance: try row.decode("balance"), isBlocked: try row.decode("blocked"))
        }
    }

    public static func setLanguage(_ language: Language, userID: Int64, on db: PostgresConnection) throws {
        try db.execute("UPDATE users SET language = $2 WHERE id = $1", [userID, language.rawValue])
    }

    /// Blocked users receive nothing more; their orders and videos are kept.
    public static func setBlocked(_ blocked: Bool, userID: Int64, on db: PostgresConnection) throws {
        try db.execute("UPDATE users SET blocked_at = CASE WHEN $2 THEN now() ELSE NULL END WHERE id = $1",
                       [userID, blocked])
    }

    /// Telegram answered 403 for this chat: the user blocked the bot or deleted their account.
    public static func markBlocked(chatID: Int64, on db: PostgresConnection) throws {
        try db.execute("UPDATE users SET blocked_at = now() WHERE chat_id = $1 AND blocked_at IS NULL", [chatID])
    }

    public static func isBlocked(chatID: Int64, on db: PostgresConnection) throws -> Bool {
        try db.query("SELECT 1 FROM users WHERE chat_id = $1 AND blocked_at IS NOT NULL LIMIT 1", [chatID]).count > 0
    }

    public static func activeOrders(userID: Int64, on db: PostgresConnection) throws -> Int {
        try db.query("SELECT count(*)::int AS n FROM orders WHERE user_id = $1 AND status = 'active'", [userID])
            .first?.decode("n", as: Int.self) ?? 0
    }

    /// Counts one update against the user's rate window and says whether to act on it.
    public static func admitUpdate(userID: Int64, limit: UpdateRateLimit, on db: PostgresConnection) throws -> Admission {
        let count = try db.query("""
            UPDATE users SET
                rate_window_count = CASE WHEN rate_window_start <= now() - make_interval(secs => $2) THEN 1
                                         ELSE rate_window_count + 1 END,
                rate_window_start = CASE WHEN rate_window_start <= now() - make_interval(secs => $2) THEN now()
                                         ELSE rate_window_start END
            WHERE id = $1 RETURNING rate_window_count
            """, [userID, limit.windowSeconds]).first?.decode("rate_window_count", as: Int.self) ?? 1
        if count <= limit.updates { return .allowed }
        return count == limit.updates + 1 ? .warnOnce : .ignore
    }

    public enum Admission: Sendable {
        case allowed, warnOnce, ignore
    }
}

/// How many updates a user may send per window before the bot stops acting on them.
public struct UpdateRateLimit: Sendable {
    public var updates: Int
    public var windowSeconds: Double

    public init(updates: Int = 20, windowSeconds: Double = 10) {
        self.updates = updates
        self.windowSeconds = windowSeconds
    }
}

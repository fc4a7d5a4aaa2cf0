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

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        chatID = try row.decode("chat_id")
        firstName = try row.decode("first_name")
        language = Language(rawValue: try row.decode("language", as: String.self)) ?? .ru
        balance = try row.decode("balance")
        isBlocked = try row.decode("blocked")
    }
}

public enum Users {
    /// Records the update and, unless it is a repeat, creates the user on first contact, with the sign-up bonus and
    /// its ledger row, or counts the update against their rate window, locking the row for the transaction: all in
    /// one statement, since first contact is the path a marketing burst takes. What the dialogue needs (active
    /// orders, the chat's conversation) is read by a second. Neither needs an answer before it is sent, so a batch
    /// of updates sends all of theirs in one round trip; `arrival(from:limit:)` reads what they returned.
    public static func admission(_ user: Telegram.User, chatID: Int64, startPayload: String?, signupBonus: Int,
                                 limit: UpdateRateLimit, recording update: TelegramUpdates.Receipt) -> [PostgresStatement] {
        let language = Language(languageCode: user.languageCode)
        return [PostgresStatement("""
            WITH recorded AS (
                INSERT INTO telegram_updates (update_id, kind, user_id) VALUES ($8, $9, $1)
                ON CONFLICT (update_id) DO NOTHING RETURNING update_id
            ), arrival AS (
                INSERT INTO users AS u (id, chat_id, first_name, username, language, start_payload, balance,
                                        rate_window_count)
                SELECT $1, $2, $3, $4, $5, $6, $10, 1 FROM recorded
                ON CONFLICT (id) DO UPDATE SET
                    rate_window_count = CASE WHEN u.rate_window_start <= now() - make_interval(secs => $7) THEN 1
                                             ELSE u.rate_window_count + 1 END,
                    rate_window_start = CASE WHEN u.rate_window_start <= now() - make_interval(secs => $7) THEN now()
                                             ELSE u.rate_window_start END
                RETURNING u.id, u.chat_id, u.first_name, u.language, u.balance, u.blocked_at IS NOT NULL AS blocked,
                          u.rate_window_count, u.xmax = 0 AS inserted
            ), bonus AS (
                INSERT INTO ledger (user_id, delta, reason, reference)
                SELECT id, $10, $11, 'signup:' || id FROM arrival WHERE inserted AND $10 > 0
            )
            SELECT * FROM arrival
            """, [user.id, chatID, String(user.firstName.prefix(64)), user.username, language.rawValue,
                  startPayload.map { String($0.prefix(64)) }, limit.windowSeconds, update.id, update.kind,
                  max(0, signupBonus), LedgerReason.signupBonus.rawValue]),
            dialogueState(userID: user.id, chatID: chatID)]
    }

    /// What the `admission` statements returned, in order: nil for an update already recorded.
    public static func arrival(from results: ArraySlice<[PostgresRow]>, limit: UpdateRateLimit) throws -> Arrival? {
        guard let row = results.first?.first else { return nil }
        let record = try UserRecord(row: row)
        let isNew = try row.decode("inserted", as: Bool.self)
        let count = try row.decode("rate_window_count", as: Int.self)
        let state = results.dropFirst().first?.first
        return Arrival(
            record: record, isNew: isNew,
            admission: count <= limit.updates ? .allowed : count == limit.updates + 1 ? .warnOnce : .ignore,
            activeOrders: try state?.decode("active_orders", as: Int.self) ?? 0,
            // A state written by an older build that no longer decodes restarts the dialogue instead of failing it.
            conversation: (try? state?.decode("conversation", as: PostgresJSON<Conversation>?.self))??.value ?? .initial)
    }

    /// A statement of its own, run after the lock is held: under READ COMMITTED a statement sees what was committed
    /// when it began, and the upsert may have begun before another update of this user committed its conversation,
    /// then waited for that update's lock. Reading it there would act on the conversation as it was.
    private static func dialogueState(userID: Int64, chatID: Int64) -> PostgresStatement {
        PostgresStatement("""
            SELECT (SELECT count(*)::int FROM orders WHERE user_id = $1 AND status = 'active') AS active_orders,
                   (SELECT state FROM conversations WHERE chat_id = $2) AS conversation
            """, [userID, chatID])
    }

    public struct Arrival: Sendable {
        public var record: UserRecord
        public var isNew: Bool
        public var admission: Admission
        public var activeOrders: Int
        public var conversation: Conversation
    }

    public static func lock(_ id: Int64, on db: PostgresConnection) throws -> UserRecord? {
        try db.query("""
            SELECT id, chat_id, first_name, language, balance, blocked_at IS NOT NULL AS blocked
            FROM users WHERE id = $1 FOR UPDATE
            """, [id]).first.map(UserRecord.init(row:))
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

extension Users {
    /// The seller's language, for work that does not come with their update (Russian when unknown).
    static func language(userID: Int64, on db: PostgresConnection) throws -> Language {
        let code = try db.query("SELECT language FROM users WHERE id = $1", [userID]).first?
            .decode("language", as: String.self)
        return code.flatMap(Language.init(rawValue:)) ?? .ru
    }
}

extension Users {
    /// What followed `/start` when the user first came (a referral or campaign code).
    static func startPayload(userID: Int64, on db: PostgresConnection) throws -> String? {
        try db.query("SELECT start_payload FROM users WHERE id = $1", [userID]).first?
            .decode("start_payload", as: String?.self) ?? nil
    }
}

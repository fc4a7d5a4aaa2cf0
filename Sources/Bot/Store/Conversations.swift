import Domain
import Postgres

/// The dialogue state per chat, as jsonb; it is read with the user (`Users.admission`). Callers hold the user's row
/// lock, which serialises a chat's updates.
public enum Conversations {
    public static func load(chatID: Int64, on db: PostgresConnection) throws -> Conversation {
        let row = try db.query("SELECT state FROM conversations WHERE chat_id = $1", [chatID]).first
        // A state written by an older build that no longer decodes restarts the dialogue instead of failing it.
        return (try? row?.decode("state", as: PostgresJSON<Conversation>.self))?.value ?? .initial
    }

    /// Written with the transaction's COMMIT, in its round trip: the dialogue's last word, read by no one before.
    public static func save(_ conversation: Conversation, chatID: Int64, userID: Int64, on db: PostgresConnection) throws {
        try db.atCommit(PostgresStatement("""
            INSERT INTO conversations (chat_id, user_id, state) VALUES ($1, $2, $3)
            ON CONFLICT (chat_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()
            """, [chatID, userID, PostgresJSON(conversation)]))
    }
}

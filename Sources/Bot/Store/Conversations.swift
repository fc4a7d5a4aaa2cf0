import Domain
import Postgres

/// The dialogue state per chat, as jsonb; it is read with the user (`Users.admit`). Callers hold the user's row
/// lock, which serialises a chat's updates.
public enum Conversations {
    public static func save(_ conversation: Conversation, chatID: Int64, userID: Int64, on db: PostgresConnection) throws {
        try db.execute("""
            INSERT INTO conversations (chat_id, user_id, state) VALUES ($1, $2, $3)
            ON CONFLICT (chat_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()
            """, [chatID, userID, PostgresJSON(conversation)])
    }
}

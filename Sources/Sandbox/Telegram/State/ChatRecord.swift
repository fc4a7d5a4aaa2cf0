import Telegram

/// One private chat between the bot and a user: its messages in order and whether the user blocked the bot.
struct ChatRecord: Sendable {
    var user: User
    var messages: [StoredMessage] = []
    var blockedBot = false
    /// The last sendChatAction ("typing", "upload_video"…).
    var lastChatAction: String?
    private var lastMessageID: Int64 = 0

    init(user: User) {
        self.user = user
    }

    var chat: Chat { Chat(id: user.id, type: "private") }

    /// Message ids increase by one within a chat, whoever sends.
    mutating func nextMessageID() -> Int64 {
        lastMessageID += 1
        return lastMessageID
    }

    func message(_ id: Int64) -> StoredMessage? {
        messages.first { $0.messageID == id }
    }

    mutating func update(_ id: Int64, _ change: (inout StoredMessage) -> Void) {
        guard let index = messages.firstIndex(where: { $0.messageID == id }) else { return }
        change(&messages[index])
    }
}

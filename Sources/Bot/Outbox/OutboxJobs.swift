import Domain
import Foundation
import JobQueue
import Postgres
import Telegram

/// Outgoing Telegram calls are jobs enqueued in the transaction that decided them (a transactional outbox), each
/// with a unique key so a replayed decision never sends twice.
public enum OutboxJobs {
    public static let messageKind = "telegram.message"

    /// A message to send, or to put in place of an existing one when `editMessageID` is set.
    public struct MessagePayload: Codable, Sendable, Equatable {
        public var chatID: Int64
        public var text: String
        public var keyboard: InlineKeyboardMarkup?
        public var editMessageID: Int64?
        /// A video Telegram already has, re-sent with `text` as its caption.
        public var videoFileID: String?
    }

    public static func send(_ message: OutgoingMessage, chatID: Int64, uniqueKey: String,
                            on db: PostgresConnection) throws {
        let payload = MessagePayload(chatID: chatID, text: message.text, keyboard: message.inlineKeyboard, editMessageID: nil)
        try enqueue(payload, uniqueKey: uniqueKey, on: db)
    }

    /// Sends `message` only if no message with `key` was ever sent: for notifications a state may ask for again
    /// later (an alert, "delayed"), where the queue's unique key (pending or running jobs only) is not enough.
    public static func sendOnce(_ message: OutgoingMessage, chatID: Int64, key: String, on db: PostgresConnection) throws {
        guard try SentNotifications.claim(key, on: db) else { return }
        try send(message, chatID: chatID, uniqueKey: key, on: db)
    }

    /// Re-sends a delivered video by its file_id ("My videos"), at no cost.
    public static func resendVideo(fileID: String, caption: OutgoingMessage, chatID: Int64, uniqueKey: String,
                                   on db: PostgresConnection) throws {
        let payload = MessagePayload(chatID: chatID, text: caption.text, keyboard: caption.inlineKeyboard,
                                     editMessageID: nil, videoFileID: fileID)
        try enqueue(payload, uniqueKey: uniqueKey, on: db)
    }

    public static func edit(messageID: Int64, to message: OutgoingMessage, chatID: Int64, uniqueKey: String,
                            on db: PostgresConnection) throws {
        let payload = MessagePayload(chatID: chatID, text: message.text, keyboard: message.inlineKeyboard,
                                     editMessageID: messageID)
        try enqueue(payload, uniqueKey: uniqueKey, on: db)
    }

    /// Messages still to go to the chat, counted up to `limit`.
    static func pendingCount(chatID: Int64, upTo limit: Int, on db: PostgresConnection) throws -> Int {
        try JobQueue.pendingCount(sequenceKey: sequenceKey(chatID), upTo: limit + 1, on: db)
    }

    static func sequenceKey(_ chatID: Int64) -> String {
        "chat:\(chatID)"
    }

    /// Messages to one chat go out one at a time, in the order they were decided.
    private static func enqueue(_ payload: MessagePayload, uniqueKey: String, on db: PostgresConnection) throws {
        try JobQueue.enqueueAtCommit(.json(kind: messageKind, payload: payload, uniqueKey: uniqueKey, priority: 1,
                                            sequenceKey: sequenceKey(payload.chatID)), on: db)
    }
}

extension OutgoingMessage {
    /// The buttons as Telegram's inline keyboard; nil when there are none.
    var inlineKeyboard: InlineKeyboardMarkup? {
        guard !buttons.isEmpty else { return nil }
        return InlineKeyboardMarkup(buttons.map { row in
            row.map { InlineKeyboardButton.callback($0.title, data: $0.action.data) }
        })
    }
}

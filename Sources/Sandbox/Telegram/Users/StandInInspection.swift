import Foundation
import Telegram

/// What tests read back, and the webhook set directly (without the bot calling setWebhook).
extension TelegramStandIn {
    public struct WaitTimedOut: Error, CustomStringConvertible {
        public let what: String
        public var description: String { "timed out waiting for \(what)" }
    }

    public func chat(user: User) -> [StoredMessage] {
        chat(userID: user.id)
    }

    public func chat(userID: Int64) -> [StoredMessage] {
        state.withLock { $0.chats[userID]?.messages ?? [] }
    }

    public func lastChatAction(userID: Int64) -> String? {
        state.withLock { $0.chats[userID]?.lastChatAction }
    }

    /// Calls Telegram would have rejected for breaking the Bot API; a correct bot leaves this empty.
    public var violations: [TelegramViolation] {
        state.withLock { $0.violations }
    }

    public func clearViolations() {
        state.withLock { $0.violations.removeAll() }
    }

    public var callbackQueries: [CallbackQueryRecord] {
        state.withLock { Array($0.callbackQueries.values) }.sorted { $0.created < $1.created }
    }

    /// Every button press must be answered with answerCallbackQuery; these were not (yet).
    public var unansweredCallbackQueries: [CallbackQueryRecord] {
        callbackQueries.filter { !$0.answered }
    }

    public var preCheckoutQueries: [PreCheckoutQueryRecord] {
        state.withLock { Array($0.preCheckoutQueries.values) }.sorted { $0.id < $1.id }
    }

    public var starPayments: [StarPaymentRecord] {
        state.withLock { Array($0.starPayments.values) }.sorted { $0.chargeID < $1.chargeID }
    }

    /// The list setMyCommands registered for the default scope and `languageCode` ("" for all languages).
    public func commands(languageCode: String = "") -> [BotCommand]? {
        state.withLock { $0.commands["default|\(languageCode)"] }
    }

    /// The caption of the user message that last uploaded exactly these bytes (as a photo or a file); nil when
    /// it had none or no user sent them. The OpenAI stand-in reads a photo's caption here.
    public func caption(ofUpload bytes: [UInt8]) -> String? {
        state.withLock { state in
            guard let file = state.files.newest(with: bytes) else { return nil }
            for chat in state.chats.values {
                for stored in chat.messages.reversed() where stored.sender == .user {
                    let message = stored.message
                    let ids = (message.photo ?? []).map(\.fileID) + (message.document.map { [$0.fileID] } ?? [])
                    if ids.contains(file.fileID) { return message.caption }
                }
            }
            return nil
        }
    }

    /// The bytes behind a file_id (a user's upload or a video the bot sent).
    public func fileBytes(fileID: String) -> [UInt8]? {
        state.withLock { $0.files.file(id: fileID)?.bytes }
    }

    /// Points delivery at `url` as setWebhook would.
    public func setWebhook(url: String, secretToken: String? = nil, allowedUpdates: [String] = []) {
        webhook.configure({ settings in
            settings.url = url
            settings.secretToken = secretToken
            settings.allowedUpdates = allowedUpdates
        }, dropPending: false)
    }

    public var pendingUpdateCount: Int {
        webhook.status.pendingCount
    }

    /// Polls `condition` until it holds or `timeout` passes; returns whether it held.
    @discardableResult
    public func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
        poll(until: condition, timeout: timeout)
    }

    /// Waits until the chat holds at least `count` messages (from `sender` only, when given) and returns the
    /// chat's messages.
    public func waitForMessages(chat userID: Int64, count: Int, from sender: StoredMessage.Sender? = nil,
                                timeout: Duration = .seconds(10)) throws(WaitTimedOut) -> [StoredMessage] {
        var messages: [StoredMessage] = []
        let arrived = waitUntil(timeout: timeout) {
            messages = chat(userID: userID)
            return messages.filter { sender == nil || $0.sender == sender }.count >= count
        }
        guard arrived else { throw WaitTimedOut(what: "\(count) messages in chat \(userID)") }
        return messages
    }
}

import JSON
import Telegram

/// What a test (or the browser page) does as a Telegram user. Each action is stored in the user's chat and
/// delivered to the bot as an Update through the webhook.
extension TelegramStandIn {
    public enum UserActionError: Error, Equatable, CustomStringConvertible {
        case noSuchMessage(messageID: Int64)
        case noSuchButton(messageID: Int64, data: String)
        case noInvoice(messageID: Int64)

        public var description: String {
            switch self {
            case .noSuchMessage(let id): "message \(id) is not in the chat"
            case .noSuchButton(let id, let data): "message \(id) has no button with callback data \"\(data)\""
            case .noInvoice(let id): "message \(id) is not an invoice"
            }
        }
    }

    @discardableResult
    public func sendText(from user: User, text: String) -> Message {
        sendUserMessage(from: user) { $0.text = text }
    }

    /// Sends a photo the way Telegram delivers one: several sizes (here of the same bytes), largest last.
    @discardableResult
    public func sendPhoto(from user: User, jpeg bytes: [UInt8], caption: String? = nil) -> Message {
        let (width, height) = JPEGSegments.dimensions(bytes) ?? (1280, 960)
        let sizes = state.withLock { state in
            Self.photoScales.map { longestSide in
                let scale = min(1, Double(longestSide) / Double(max(width, height, 1)))
                let file = state.files.add(bytes, kind: .photo, fileExtension: "jpg")
                return PhotoSize(fileID: file.fileID, fileUniqueID: file.fileUniqueID,
                                 width: max(1, Int(Double(width) * scale)), height: max(1, Int(Double(height) * scale)),
                                 fileSize: Int64(bytes.count))
            }
        }
        return sendUserMessage(from: user) { message in
            message.photo = sizes
            message.caption = caption
        }
    }

    /// The longest side of each photo size Telegram makes (thumbnail, medium, large).
    private static let photoScales = [90, 320, 1280]

    @discardableResult
    public func sendDocument(from user: User, bytes: [UInt8], fileName: String, mimeType: String,
                             caption: String? = nil) -> Message {
        let fileExtension = fileName.split(separator: ".").last.map(String.init) ?? "bin"
        let file = state.withLock { $0.files.add(bytes, kind: .document, fileExtension: fileExtension) }
        return sendUserMessage(from: user) { message in
            message.document = Document(fileID: file.fileID, fileUniqueID: file.fileUniqueID, fileName: fileName,
                                        mimeType: mimeType, fileSize: Int64(bytes.count))
            message.caption = caption
        }
    }

    /// Presses the inline button with `data` on a bot message; returns the callback query's id.
    @discardableResult
    public func pressButton(user: User, messageID: Int64, data: String) throws(UserActionError) -> String {
        try state.withLock { (state) throws(UserActionError) -> String in
            guard let stored = state.chats[user.id]?.message(messageID) else {
                throw UserActionError.noSuchMessage(messageID: messageID)
            }
            guard stored.sender == .bot, stored.callbackData.contains(data) else {
                throw UserActionError.noSuchButton(messageID: messageID, data: data)
            }
            let id = state.nextQueryID(userID: user.id)
            state.callbackQueries[id] = CallbackQueryRecord(id: id, userID: user.id, messageID: messageID, data: data,
                                                            created: .now)
            let query = CallbackQuery(id: id, from: user, message: stored.message,
                                      chatInstance: "\(user.id)\(configuration.botUserID)", data: data)
            webhook.enqueue(kind: "callback_query", chatID: user.id, content: JSONValue.encoding(query))
            return id
        }
    }

    /// Blocks the bot: later sends to this user fail with 403, and the bot gets my_chat_member "kicked".
    public func blockBot(user: User) {
        state.withLock { state in
            guard state.chats[user.id]?.blockedBot == false else { return }
            state.chats[user.id]?.blockedBot = true
            enqueueMembershipChange(of: user, from: "member", to: "kicked")
        }
    }

    /// Pays an invoice the bot sent: the bot gets a pre_checkout_query; answering it ok delivers the payment.
    @discardableResult
    public func payInvoice(user: User, messageID: Int64) throws(UserActionError) -> String {
        try state.withLock { (state) throws(UserActionError) -> String in
            guard let invoice = state.chats[user.id]?.message(messageID)?.invoice else {
                throw UserActionError.noInvoice(messageID: messageID)
            }
            let id = state.nextQueryID(userID: user.id)
            state.preCheckoutQueries[id] = PreCheckoutQueryRecord(id: id, userID: user.id, invoice: invoice)
            webhook.enqueue(kind: "pre_checkout_query", chatID: user.id, content: .object([
                "id": .string(id), "from": JSONValue.encoding(user), "currency": .string(invoice.currency),
                "total_amount": .integer(Int(invoice.totalAmount)), "invoice_payload": .string(invoice.payload),
            ]))
            return id
        }
    }

    /// Stores a user message (restarting the bot first if the user had blocked it) and delivers it.
    private func sendUserMessage(from user: User, _ fill: (inout Message) -> Void) -> Message {
        state.withLock { state in
            var chat = state.chats[user.id] ?? ChatRecord(user: user)
            chat.user = user
            if chat.blockedBot {
                chat.blockedBot = false
                enqueueMembershipChange(of: user, from: "kicked", to: "member")
            }
            var message = Message(messageID: chat.nextMessageID(), date: unixNow, chat: chat.chat, from: user)
            fill(&message)
            chat.messages.append(StoredMessage(message: message, sender: .user, editCount: 0, invoice: nil))
            state.chats[user.id] = chat
            var content = JSONValue.encoding(message)
            if let text = message.text, let command = text.split(separator: " ").first, command.hasPrefix("/") {
                content = content.merging(["entities": .array([.object([
                    "type": .string("bot_command"), "offset": .integer(0),
                    "length": .integer(command.utf16.count),
                ])])])
            }
            webhook.enqueue(kind: "message", chatID: user.id, content: content)
            return message
        }
    }

    private func enqueueMembershipChange(of user: User, from oldStatus: String, to newStatus: String) {
        let bot = JSONValue.encoding(botUser)
        webhook.enqueue(kind: "my_chat_member", chatID: user.id, content: .object([
            "chat": JSONValue.encoding(Chat(id: user.id, type: "private")),
            "from": JSONValue.encoding(user),
            "date": .integer(Int(unixNow)),
            "old_chat_member": .object(["status": .string(oldStatus), "user": bot]),
            "new_chat_member": .object(["status": .string(newStatus), "user": bot, "until_date": .integer(0)]),
        ]))
    }
}

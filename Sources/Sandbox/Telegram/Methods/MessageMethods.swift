import HTTPServer
import JSON
import Telegram

/// sendMessage, editMessageText, editMessageReplyMarkup, sendChatAction.
extension TelegramStandIn {
    static let notModified = "message is not modified: specified new message content and reply markup are exactly "
        + "the same as a current content and reply markup of the message"

    func sendMessage(_ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        let text = try parameters.requiredString("text")
        guard !text.isEmpty else { throw BotAPIError.badRequest(TelegramWording.missingParameter("text")) }
        let markup = try parameters.inlineKeyboard()
        let message = try state.withLock { (state) throws(BotAPIError) -> Message in
            let chatID = try state.targetChat(parameters, rateLimited: true)
            return try state.appendBotMessage(chatID: chatID, botUser: botUser) { message in
                message.text = text
                message.replyMarkup = markup
            }
        }
        return BotAPIReply.ok(message)
    }

    func editMessageText(_ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        let text = try parameters.requiredString("text")
        guard !text.isEmpty else { throw BotAPIError.badRequest(TelegramWording.missingParameter("text")) }
        let markup = try parameters.inlineKeyboard()
        return BotAPIReply.ok(try editMessage(parameters) { (stored) throws(BotAPIError) in
            guard stored.text != nil else { throw BotAPIError.badRequest("there is no text in the message to edit") }
            guard stored.text != text || stored.replyMarkup != markup else {
                throw BotAPIError.badRequest(Self.notModified)
            }
            stored.message.text = text
            // As in Telegram, an edit without reply_markup removes the keyboard.
            stored.message.replyMarkup = markup
        })
    }

    func editMessageReplyMarkup(_ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        let markup = try parameters.inlineKeyboard()
        return BotAPIReply.ok(try editMessage(parameters) { (stored) throws(BotAPIError) in
            guard stored.replyMarkup != markup else { throw BotAPIError.badRequest(Self.notModified) }
            stored.message.replyMarkup = markup
        })
    }

    func sendChatAction(_ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        let action = try parameters.requiredString("action")
        guard Self.chatActions.contains(action) else {
            let error = BotAPIError.badRequest("wrong parameter action in request")
            recordViolation(method: "sendChatAction", error.description)
            throw error
        }
        try state.withLock { (state) throws(BotAPIError) in
            let chatID = try state.targetChat(parameters, rateLimited: false)
            state.chats[chatID]?.lastChatAction = action
        }
        return BotAPIReply.ok(JSONValue.bool(true))
    }

    static let chatActions: Set<String> = [
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
        "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    ]

    /// Applies `change` to the bot message `chat_id`/`message_id` name, failing as Telegram does when there is
    /// no such message or it is not the bot's, and counts the edit.
    private func editMessage(_ parameters: CallParameters,
                             _ change: (inout StoredMessage) throws(BotAPIError) -> Void) throws(BotAPIError) -> Message {
        guard parameters.string("inline_message_id") == nil else {
            throw BotAPIError.badRequest("MESSAGE_ID_INVALID")
        }
        guard parameters.string("chat_id") != nil, parameters.integer("message_id") != nil else {
            throw BotAPIError.badRequest("message identifier is not specified")
        }
        let messageID = try parameters.requiredInteger("message_id")
        return try state.withLock { (state) throws(BotAPIError) -> Message in
            let chatID = try state.targetChat(parameters, rateLimited: true)
            guard var stored = state.chats[chatID]?.message(messageID) else {
                throw BotAPIError.badRequest("message to edit not found")
            }
            guard stored.sender == .bot else { throw BotAPIError.badRequest("message can't be edited") }
            try change(&stored)
            stored.editCount += 1
            let edited = stored
            state.chats[chatID]?.update(messageID) { $0 = edited }
            return edited.message
        }
    }
}

extension StandInState {
    /// Adds a message from the bot to a chat (one `targetChat` found), numbered in the chat's sequence.
    mutating func appendBotMessage(chatID: Int64, botUser: User, invoice: StoredMessage.Invoice? = nil,
                                   _ fill: (inout Message) -> Void) throws(BotAPIError) -> Message {
        guard var chat = chats[chatID] else { throw BotAPIError.badRequest("chat not found") }
        var message = Message(messageID: chat.nextMessageID(), date: unixNow, chat: chat.chat, from: botUser)
        fill(&message)
        chat.messages.append(StoredMessage(message: message, sender: .bot, editCount: 0, invoice: invoice))
        chats[chatID] = chat
        return message
    }
}

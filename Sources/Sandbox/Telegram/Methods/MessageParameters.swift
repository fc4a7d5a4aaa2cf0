import Foundation
import Telegram

/// Reading what send and edit methods share: the target chat and the inline keyboard.
extension StandInState {
    /// The chat a call targets, failing as Telegram does for an unknown chat or a user who blocked the bot;
    /// for sending methods, also Telegram's rate limits.
    mutating func targetChat(_ parameters: CallParameters, rateLimited: Bool) throws(BotAPIError) -> Int64 {
        guard let raw = parameters.string("chat_id"), !raw.isEmpty else {
            throw BotAPIError.badRequest(TelegramWording.missingParameter("chat_id"))
        }
        let chatID: Int64? = if raw.hasPrefix("@") {
            chats.values.first { $0.user.username.map { "@" + $0 } == raw }?.user.id
        } else {
            Int64(raw).flatMap { id in
                if chats[id] == nil, knowsEveryUser, id > 0 {
                    chats[id] = ChatRecord(user: User(id: id, firstName: "User \(id)"))
                }
                return chats[id] != nil ? id : nil
            }
        }
        guard let chatID, let chat = chats[chatID] else { throw BotAPIError.badRequest("chat not found") }
        if chat.blockedBot { throw BotAPIError.forbidden("bot was blocked by the user") }
        if rateLimited, let retryAfter = rateLimiter.admit(chat: chatID) {
            throw BotAPIError.tooManyRequests(retryAfter: retryAfter)
        }
        return chatID
    }
}

extension CallParameters {
    /// The inline keyboard of `reply_markup`; nil when absent, empty or another kind of keyboard (those are not
    /// part of a message).
    func inlineKeyboard() throws(BotAPIError) -> InlineKeyboardMarkup? {
        guard values["reply_markup"] != nil else { return nil }
        guard let json = json("reply_markup"), case .object(let members) = json else {
            throw BotAPIError.badRequest("can't parse reply keyboard markup JSON object")
        }
        guard members["inline_keyboard"] != nil else { return nil }
        guard let markup = try? JSONDecoder().decode(InlineKeyboardMarkup.self, from: Data(json.serialized())) else {
            throw BotAPIError.badRequest("can't parse inline keyboard markup JSON object")
        }
        return markup.inlineKeyboard.allSatisfy(\.isEmpty) ? nil : markup
    }

    func requiredString(_ name: String) throws(BotAPIError) -> String {
        guard let value = string(name) else { throw BotAPIError.badRequest(TelegramWording.missingParameter(name)) }
        return value
    }

    func requiredInteger(_ name: String) throws(BotAPIError) -> Int64 {
        guard let value = integer(name) else { throw BotAPIError.badRequest(TelegramWording.missingParameter(name)) }
        return value
    }
}

var unixNow: Int64 { Int64(Date().timeIntervalSince1970) }

import Domain
import Postgres
import Telegram

/// Applies one update inside its transaction: lock the user, run the dialogue, write what it decided.
struct UpdateProcessor {
    let settings: TelegramWebhook.Settings
    let updateID: Int64
    let db: PostgresConnection

    func process(_ reading: UpdateInterpreter.Reading) throws {
        switch reading {
        case .input(let input, let user, let chatID, let pressedMessageID, let callbackQueryID):
            try handle(input, from: user, chatID: chatID, pressedMessageID: pressedMessageID, callbackQueryID: callbackQueryID)
        case .expiredButton(let user, let callbackQueryID):
            let language = try Users.lock(user.id, on: db)?.language ?? Language(languageCode: user.languageCode)
            try OutboxJobs.answer(callbackQueryID: callbackQueryID, text: language.texts.buttonExpired, alert: false, on: db)
        case .membership(let userID, let blocked):
            try Users.setBlocked(blocked, userID: userID, on: db)
        case .ignored:
            break
        }
    }

    private func handle(_ input: BotInput, from user: User, chatID: Int64, pressedMessageID: Int64?,
                        callbackQueryID: String?) throws {
        var startPayload: String?
        if case .command(.start, let payload) = input { startPayload = payload }
        let arrival = try Users.admit(user, chatID: chatID, startPayload: startPayload,
                                      signupBonus: settings.dialogue.signupBonus, limit: settings.updateRate, on: db)
        let record = arrival.record
        switch arrival.admission {
        case .allowed:
            break
        case .warnOnce:
            try reply(.send(OutgoingMessage(record.language.texts.slowDown)), index: 0, chatID: chatID,
                      callbackQueryID: callbackQueryID)
            return try answerIfNeeded(callbackQueryID)
        case .ignore:
            return try answerIfNeeded(callbackQueryID)
        }
        let context = UserContext(name: record.firstName, balance: record.balance, language: record.language,
                                  isNew: arrival.isNew, activeOrders: arrival.activeOrders)
        let conversation = arrival.conversation
        let outcome = Dialogue(settings: settings.dialogue)
            .handle(input, in: conversation, for: context, pressedMessageID: pressedMessageID)
        var language = record.language
        for (index, effect) in outcome.effects.enumerated() {
            switch effect {
            case .changeLanguage(let chosen):
                language = chosen
                try Users.setLanguage(chosen, userID: record.id, on: db)
            case .placeOrder(let draft):
                try placeOrder(draft, user: record, language: language, chatID: chatID, version: conversation.version,
                               statusMessageID: pressedMessageID, index: index)
            case .listVideos:
                try reply(.send(OutgoingMessage(language.texts.myVideosEmpty)), index: index, chatID: chatID,
                          callbackQueryID: callbackQueryID)
            default:
                try reply(effect, index: index, chatID: chatID, callbackQueryID: callbackQueryID)
            }
        }
        if outcome.conversation != conversation {
            try Conversations.save(outcome.conversation, chatID: chatID, userID: record.id, on: db)
        }
    }

    private func placeOrder(_ draft: OrderDraft, user: UserRecord, language: Language, chatID: Int64, version: Int,
                            statusMessageID: Int64?, index: Int) throws {
        let texts = language.texts
        guard let order = try Orders.place(draft, userID: user.id, chatID: chatID, language: language,
                                           draftKey: "\(chatID):\(version)", statusMessageID: statusMessageID, on: db)
        else { return }
        try PipelineJobs.enqueueStart(videoIDs: order.videoIDs, on: db)
        let status = OutgoingMessage(texts.orderAccepted(order.id, draft.count))
        let effect: BotEffect = statusMessageID.map { .edit(messageID: $0, status) } ?? .send(status)
        try reply(effect, index: index, chatID: chatID, callbackQueryID: nil)
    }

    private func reply(_ effect: BotEffect, index: Int, chatID: Int64, callbackQueryID: String?) throws {
        let key = "update:\(updateID):\(index)"
        switch effect {
        case .send(let message):
            try OutboxJobs.send(message, chatID: chatID, uniqueKey: key, on: db)
        case .edit(let messageID, let message):
            try OutboxJobs.edit(messageID: messageID, to: message, chatID: chatID, uniqueKey: key, on: db)
        case .answer(let text, let alert):
            guard let callbackQueryID else { return }
            try OutboxJobs.answer(callbackQueryID: callbackQueryID, text: text, alert: alert, on: db)
        case .placeOrder, .changeLanguage, .listVideos:
            break
        }
    }

    private func answerIfNeeded(_ callbackQueryID: String?) throws {
        guard let callbackQueryID else { return }
        try OutboxJobs.answer(callbackQueryID: callbackQueryID, text: nil, alert: false, on: db)
    }
}

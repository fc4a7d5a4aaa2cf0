import Domain
import Postgres
import Telegram

/// Applies one update inside its transaction: admit the user, run the dialogue, write what it decided.
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
        var runner = DialogueRunner(settings: settings.dialogue, db: db, replyKey: "update:\(updateID)")
        runner.orderModel = settings.orderModel
        runner.videoDeadline = settings.videoDeadline
        switch arrival.admission {
        case .allowed:
            try runner.apply(input, user: arrival.record, isNew: arrival.isNew, activeOrders: arrival.activeOrders,
                             conversation: arrival.conversation, chatID: chatID, pressedMessageID: pressedMessageID,
                             callbackQueryID: callbackQueryID)
        case .warnOnce:
            try OutboxJobs.send(OutgoingMessage(arrival.record.language.texts.slowDown), chatID: chatID,
                                uniqueKey: "update:\(updateID):0", on: db)
            try answerQuietly(callbackQueryID)
        case .ignore:
            try answerQuietly(callbackQueryID)
        }
    }

    /// Every callback query is answered, even one the bot otherwise ignores.
    private func answerQuietly(_ callbackQueryID: String?) throws {
        guard let callbackQueryID else { return }
        try OutboxJobs.answer(callbackQueryID: callbackQueryID, text: nil, alert: false, on: db)
    }
}

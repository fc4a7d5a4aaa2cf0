import Domain
import Logging
import Postgres
import Telegram

/// Applies one update inside its transaction: admit the user, run the dialogue, write what it decided.
struct UpdateProcessor {
    let settings: TelegramWebhook.Settings
    let updateID: Int64
    let db: PostgresConnection
    let logger: Logger

    func process(_ reading: UpdateInterpreter.Reading) throws {
        switch reading {
        case .input(let input, let user, let chatID, let pressedMessageID, let callbackQueryID):
            try handle(input, from: user, chatID: chatID, pressedMessageID: pressedMessageID, callbackQueryID: callbackQueryID)
        case .expiredButton(let user, let callbackQueryID):
            let language = try Users.lock(user.id, on: db)?.language ?? Language(languageCode: user.languageCode)
            try OutboxJobs.answer(callbackQueryID: callbackQueryID, text: language.texts.buttonExpired, alert: false, on: db)
        case .membership(let userID, let blocked):
            try Users.setBlocked(blocked, userID: userID, on: db)
        case .preCheckout(let query):
            try desk.answer(query)
        case .payment(let payment, let user, let chatID):
            try receive(payment, from: user, chatID: chatID)
        case .operatorCommand(let command, let user, let chatID):
            try OperatorDesk(updateID: updateID, db: db).handle(command, from: user, chatID: chatID)
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

    /// A payment is never turned away by the rate limit: it is credited, and the dialogue hears of it.
    private func receive(_ payment: SuccessfulPayment, from user: User, chatID: Int64) throws {
        let arrival = try Users.admit(user, chatID: chatID, startPayload: nil, signupBonus: settings.dialogue.signupBonus,
                                      limit: settings.updateRate, on: db)
        guard let credited = try desk.credit(payment, userID: user.id) else { return }
        var record = arrival.record
        record.balance = credited.balance
        try runner.apply(.purchased(credits: credited.credits), user: record, isNew: arrival.isNew,
                         activeOrders: arrival.activeOrders, conversation: arrival.conversation, chatID: chatID)
    }

    private var desk: PaymentDesk {
        PaymentDesk(settings: settings.dialogue, signingSecret: settings.signingSecret, db: db, logger: logger)
    }

    private var runner: DialogueRunner {
        var runner = DialogueRunner(settings: settings.dialogue, signingSecret: settings.signingSecret, db: db,
                                    replyKey: "update:\(updateID)")
        runner.orderModel = settings.orderModel
        runner.videoDeadline = settings.videoDeadline
        return runner
    }

    /// Every callback query is answered, even one the bot otherwise ignores.
    private func answerQuietly(_ callbackQueryID: String?) throws {
        guard let callbackQueryID else { return }
        try OutboxJobs.answer(callbackQueryID: callbackQueryID, text: nil, alert: false, on: db)
    }
}

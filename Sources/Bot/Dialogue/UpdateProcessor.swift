import Domain
import Logging
import Postgres
import Telegram

/// Applies one update inside its transaction: record it, admit the user, run the dialogue, write what it decided.
/// Recording and admitting are statements that need no answer in between (`admission`), so a batch of updates sends
/// all of theirs in one round trip before each is applied (`process(admitted:)`).
struct UpdateProcessor {
    let settings: TelegramWebhook.Settings
    let update: TelegramUpdates.Receipt
    let reading: UpdateInterpreter.Reading
    let db: PostgresConnection
    let logger: Logger

    var admission: [PostgresStatement] {
        switch reading {
        case .input(let input, let user, let chatID, _, _):
            var startPayload: String?
            if case .command(.start, let payload) = input { startPayload = payload }
            return admission(of: user, chatID: chatID, startPayload: startPayload)
        case .payment(_, let user, let chatID):
            return admission(of: user, chatID: chatID, startPayload: nil)
        default:
            return [TelegramUpdates.recording(update, userID: reading.userID)]
        }
    }

    /// Given what the `admission` statements returned. A repeat changes nothing, but its button press is answered
    /// again: the response that carried the first answer may be the one that got lost.
    func process(admitted results: ArraySlice<[PostgresRow]>) throws -> TelegramWebhook.Outcome {
        switch reading {
        case .input(let input, let user, let chatID, let pressedMessageID, let callbackQueryID):
            guard let arrival = try Users.arrival(from: results, limit: settings.updateRate) else { return repeated }
            return .accepted(answer: try handle(input, from: user, arrival: arrival, chatID: chatID,
                                                pressedMessageID: pressedMessageID, callbackQueryID: callbackQueryID))
        case .payment(let payment, let user, let chatID):
            guard let arrival = try Users.arrival(from: results, limit: settings.updateRate) else { return repeated }
            try receive(payment, from: user, arrival: arrival, chatID: chatID)
            return .accepted(answer: nil)
        default:
            guard TelegramUpdates.recorded(results.first ?? []) else { return repeated }
            return .accepted(answer: try processRecorded(reading))
        }
    }

    private var repeated: TelegramWebhook.Outcome {
        .duplicate(answer: reading.callbackQueryID.map { AnswerCallbackQuery(callbackQueryID: $0) })
    }

    private func admission(of user: User, chatID: Int64, startPayload: String?) -> [PostgresStatement] {
        Users.admission(user, chatID: chatID, startPayload: startPayload, signupBonus: settings.dialogue.signupBonus,
                        limit: settings.updateRate, recording: update)
    }

    /// An update that names no seller to admit, once recorded; returns the answer to its button press, if any.
    private func processRecorded(_ reading: UpdateInterpreter.Reading) throws -> AnswerCallbackQuery? {
        switch reading {
        case .expiredButton(let user, let callbackQueryID):
            let language = try Users.lock(user.id, on: db)?.language ?? Language(languageCode: user.languageCode)
            return AnswerCallbackQuery(callbackQueryID: callbackQueryID, text: language.texts.buttonExpired)
        case .membership(let userID, let blocked):
            try Users.setBlocked(blocked, userID: userID, on: db)
        case .preCheckout(let query):
            try desk.answer(query)
        case .operatorCommand(let command, let user, let chatID):
            try OperatorDesk(updateID: update.id, db: db).handle(command, from: user, chatID: chatID)
        case .input, .payment, .ignored:
            break
        }
        return nil
    }

    /// Returns the answer to the button press, if the input is one: every callback query is answered, also one
    /// the rate limit turns away.
    private func handle(_ input: BotInput, from user: User, arrival: Users.Arrival, chatID: Int64,
                        pressedMessageID: Int64?, callbackQueryID: String?) throws -> AnswerCallbackQuery? {
        switch arrival.admission {
        case .allowed:
            return try runner.apply(input, user: arrival.record, isNew: arrival.isNew,
                                    activeOrders: arrival.activeOrders, conversation: arrival.conversation,
                                    chatID: chatID, pressedMessageID: pressedMessageID, callbackQueryID: callbackQueryID)
        case .warnOnce:
            try OutboxJobs.send(OutgoingMessage(arrival.record.language.texts.slowDown), chatID: chatID,
                                uniqueKey: "update:\(update.id):0", on: db)
        case .ignore:
            break
        }
        return callbackQueryID.map { AnswerCallbackQuery(callbackQueryID: $0) }
    }

    /// A payment is never turned away by the rate limit: it is credited, and the dialogue hears of it.
    private func receive(_ payment: SuccessfulPayment, from user: User, arrival: Users.Arrival, chatID: Int64) throws {
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
                                    replyKey: "update:\(update.id)")
        runner.orderModel = settings.orderModel
        runner.videoDeadline = settings.videoDeadline
        return runner
    }
}

import HTTPServer
import JSON
import Telegram

/// answerCallbackQuery and answerPreCheckoutQuery: each query can be answered once, while it is fresh.
extension TelegramStandIn {
    static let queryTooOld = "query is too old and response timeout expired or query ID is invalid"

    func answerCallbackQuery(_ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        let id = try parameters.requiredString("callback_query_id")
        let lifetime = configuration.callbackQueryLifetime
        try state.withLock { (state) throws(BotAPIError) in
            // A bench's button presses come from wrk, not from a fake user: their queries are taken as fresh.
            if state.knowsEveryUser, state.callbackQueries[id] == nil {
                state.callbackQueries[id] = CallbackQueryRecord(id: id, userID: 0, messageID: 0, data: "", created: .now)
            }
            guard var query = state.callbackQueries[id], !query.answered, .now - query.created <= lifetime else {
                throw BotAPIError.badRequest(Self.queryTooOld)
            }
            query.answered = true
            query.answerText = parameters.string("text")
            query.showAlert = parameters.bool("show_alert") ?? false
            state.callbackQueries[id] = query
        }
        return BotAPIReply.ok(JSONValue.bool(true))
    }

    func answerPreCheckoutQuery(_ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        let id = try parameters.requiredString("pre_checkout_query_id")
        guard let accepted = parameters.bool("ok") else {
            throw BotAPIError.badRequest(TelegramWording.missingParameter("ok"))
        }
        let errorMessage = parameters.string("error_message")
        if !accepted && (errorMessage ?? "").isEmpty {
            throw BotAPIError.badRequest(TelegramWording.missingParameter("error_message"))
        }
        try state.withLock { (state) throws(BotAPIError) in
            guard var query = state.preCheckoutQueries[id], query.accepted == nil else {
                throw BotAPIError.badRequest(Self.queryTooOld)
            }
            query.accepted = accepted
            query.errorMessage = errorMessage
            state.preCheckoutQueries[id] = query
            if accepted { deliverSuccessfulPayment(for: query, in: &state) }
        }
        return BotAPIReply.ok(JSONValue.bool(true))
    }

    /// After an accepted pre-checkout query Telegram charges the user and sends the bot a service message.
    private func deliverSuccessfulPayment(for query: PreCheckoutQueryRecord, in state: inout StandInState) {
        guard var chat = state.chats[query.userID] else { return }
        let message = Message(messageID: chat.nextMessageID(), date: unixNow, chat: chat.chat, from: chat.user)
        chat.messages.append(StoredMessage(message: message, sender: .user, editCount: 0, invoice: nil))
        state.chats[query.userID] = chat
        let chargeID = "stxSANDBOX\(query.id)"
        state.starPayments[chargeID] = StarPaymentRecord(chargeID: chargeID, userID: query.userID,
                                                         stars: query.invoice.totalAmount)
        let payment: JSONValue = .object([
            "currency": .string(query.invoice.currency),
            "total_amount": .integer(Int(query.invoice.totalAmount)),
            "invoice_payload": .string(query.invoice.payload),
            "telegram_payment_charge_id": .string(chargeID),
            "provider_payment_charge_id": .string(""),
        ])
        webhook.enqueue(kind: "message", chatID: query.userID,
                        content: JSONValue.encoding(message).merging(["successful_payment": payment]))
    }

    /// Gives a payment's Stars back to the user who paid, once.
    func refundStarPayment(_ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        let chargeID = try parameters.requiredString("telegram_payment_charge_id")
        guard let userID = parameters.integer("user_id") else {
            throw BotAPIError.badRequest(TelegramWording.missingParameter("user_id"))
        }
        try state.withLock { (state) throws(BotAPIError) in
            guard var payment = state.starPayments[chargeID], payment.userID == userID else {
                throw BotAPIError.badRequest("CHARGE_NOT_FOUND")
            }
            guard !payment.refunded else { throw BotAPIError.badRequest("CHARGE_ALREADY_REFUNDED") }
            payment.refunded = true
            state.starPayments[chargeID] = payment
        }
        return BotAPIReply.ok(JSONValue.bool(true))
    }

    func sendInvoice(_ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        guard case .array(let prices)? = parameters.json("prices") else {
            throw BotAPIError.badRequest(TelegramWording.missingParameter("prices"))
        }
        let total = prices.reduce(Int64(0)) { sum, price in
            if case .integer(let amount)? = price["amount"] { return sum + Int64(amount) }
            return sum
        }
        let invoice = StoredMessage.Invoice(
            title: try parameters.requiredString("title"), description: try parameters.requiredString("description"),
            payload: try parameters.requiredString("payload"), currency: try parameters.requiredString("currency"),
            totalAmount: total)
        let markup = try parameters.inlineKeyboard()
        let message = try state.withLock { (state) throws(BotAPIError) -> Message in
            let chatID = try state.targetChat(parameters, rateLimited: true)
            return try state.appendBotMessage(chatID: chatID, botUser: botUser, invoice: invoice) { $0.replyMarkup = markup }
        }
        return BotAPIReply.ok(JSONValue.encoding(message).merging(["invoice": .object([
            "title": .string(invoice.title), "description": .string(invoice.description),
            "start_parameter": .string(parameters.string("start_parameter") ?? ""),
            "currency": .string(invoice.currency), "total_amount": .integer(Int(invoice.totalAmount)),
        ])]))
    }
}

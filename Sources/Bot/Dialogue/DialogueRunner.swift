import Domain
import Postgres
import Telegram

/// Runs one input through the dialogue inside the caller's transaction and writes what it decided: the new
/// conversation, outbox jobs, orders with their debits, analysis jobs. Shared by the webhook and by jobs that
/// answer the dialogue (the photo analysis).
struct DialogueRunner {
    let settings: DialogueSettings
    let signingSecret: String
    let db: PostgresConnection
    /// Prefix of the unique keys of the replies, so replaying the same cause never sends twice.
    let replyKey: String
    var orderModel = ""
    var videoDeadline = VideoDeadline.standard

    init(settings: DialogueSettings, signingSecret: String, db: PostgresConnection, replyKey: String) {
        self.settings = settings
        self.signingSecret = signingSecret
        self.db = db
        self.replyKey = replyKey
    }

    /// For inputs that do not come from Telegram: the user must exist.
    func run(_ input: BotInput, userID: Int64, chatID: Int64) throws {
        guard let user = try Users.lock(userID, on: db) else { return }
        try apply(input, user: user, isNew: false, activeOrders: try Orders.activeCount(userID: userID, on: db),
                  conversation: try Conversations.load(chatID: chatID, on: db), chatID: chatID)
    }

    /// Returns the answer to the button press (`callbackQueryID`), which the webhook makes in its response: every
    /// callback query is answered, also when the button was turned into another input ("More").
    @discardableResult
    func apply(_ input: BotInput, user: UserRecord, isNew: Bool, activeOrders: Int, conversation: Conversation,
               chatID: Int64, pressedMessageID: Int64? = nil, callbackQueryID: String? = nil) throws -> AnswerCallbackQuery? {
        var input = input
        switch input {
        case .button(.cancelOrder(let orderID)):
            let answer = try cancelOrder(orderID, user: user)
            return callbackQueryID.map { AnswerCallbackQuery(callbackQueryID: $0, text: answer) }
        case .button(.moreWithProduct(let orderID)):
            if let product = try Orders.product(orderID: orderID, userID: user.id, on: db) {
                input = .restoreProduct(product.photo, description: product.description)
            }
        case .button(.sendAgain(let orderID)):
            input = .orderVideos(try Orders.deliveredVideos(orderID: orderID, userID: user.id, on: db))
        default:
            break
        }
        var context = UserContext(name: user.firstName, balance: user.balance, language: user.language, isNew: isNew,
                                  activeOrders: activeOrders, id: user.id)
        if input.isPhoto {
            (context.analysesLastMinute, context.analysesToday) = try PhotoAnalyses.recent(userID: user.id, on: db)
        }
        if case .orderVideos = input {
            context.pendingMessages = try OutboxJobs.pendingCount(chatID: chatID, upTo: settings.maxPendingMessages,
                                                                  on: db)
        }
        let outcome = Dialogue(settings: settings)
            .handle(input, in: conversation, for: context, pressedMessageID: pressedMessageID)
        var language = user.language
        var answer = callbackQueryID.map { AnswerCallbackQuery(callbackQueryID: $0) }
        for (index, effect) in outcome.effects.enumerated() {
            let key = "\(replyKey):\(index)"
            switch effect {
            case .send(let message):
                try OutboxJobs.send(message, chatID: chatID, uniqueKey: key, on: db)
            case .edit(let messageID, let message):
                try OutboxJobs.edit(messageID: messageID, to: message, chatID: chatID, uniqueKey: key, on: db)
            case .resendVideo(let fileID, let caption):
                try OutboxJobs.resendVideo(fileID: fileID, caption: caption, chatID: chatID, uniqueKey: key, on: db)
            case .answer(let text, let alert):
                answer?.text = text
                answer?.showAlert = alert ? true : nil
            case .changeLanguage(let chosen):
                language = chosen
                try Users.setLanguage(chosen, userID: user.id, on: db)
            case .placeOrder(let draft):
                try placeOrder(draft, user: user, language: language, chatID: chatID, version: conversation.version,
                               statusMessageID: pressedMessageID, key: key)
            case .forwardToSupport(let question):
                guard let support = settings.supportChatID else { break }
                let text = Language.ru.texts.supportQuestion(user.firstName, user.id, question)
                try OutboxJobs.send(OutgoingMessage(text), chatID: support, uniqueKey: key, on: db)
            case .sendInvoice(let pack):
                try sendInvoice(pack, userID: user.id, chatID: chatID, texts: language.texts, key: key)
            case .showOrderHistory(let page, let listMessageID):
                let history = try Orders.history(userID: user.id, page: page, on: db)
                try sendOrEdit(history.message(texts: language.texts), messageID: listMessageID, chatID: chatID, key: key)
            case .analyzePhoto(let photo, let version):
                try PhotoAnalyses.record(userID: user.id, on: db)
                try PipelineJobs.enqueueAnalysis(.init(userID: user.id, chatID: chatID, version: version,
                                                       fileID: photo.fileID, fileUniqueID: photo.fileUniqueID), on: db)
            }
        }
        if outcome.conversation != conversation {
            try Conversations.save(outcome.conversation, chatID: chatID, userID: user.id, on: db)
        }
        return answer
    }

    private func placeOrder(_ draft: OrderDraft, user: UserRecord, language: Language, chatID: Int64, version: Int,
                            statusMessageID: Int64?, key: String) throws {
        guard let order = try Orders.place(draft, userID: user.id, chatID: chatID, language: language,
                                           draftKey: "\(chatID):\(version)", model: orderModel,
                                           deadline: videoDeadline, statusMessageID: statusMessageID, on: db)
        else { return }
        try PipelineJobs.enqueuePrepare(orderID: order.id, on: db)
        let status = OutgoingMessage(language.texts.orderAccepted(order.id, draft.count))
        try sendOrEdit(status, messageID: statusMessageID, chatID: chatID, key: key)
    }

    /// In place of `messageID` when there is one, else as a new message.
    private func sendOrEdit(_ message: OutgoingMessage, messageID: Int64?, chatID: Int64, key: String) throws {
        if let messageID {
            try OutboxJobs.edit(messageID: messageID, to: message, chatID: chatID, uniqueKey: key, on: db)
        } else {
            try OutboxJobs.send(message, chatID: chatID, uniqueKey: key, on: db)
        }
    }

    /// An invoice for `pack` that only this seller can pay; its payload is signed, so it cannot be forged.
    private func sendInvoice(_ pack: CreditPack, userID: Int64, chatID: Int64, texts: Texts, key: String) throws {
        let payload = InvoicePayload(userID: userID, pack: pack).signed(with: signingSecret)
        let invoice = OutboxJobs.InvoicePayload(
            chatID: chatID, title: texts.invoiceTitle(pack.credits),
            description: texts.invoiceDescription(pack.credits, pack.credits / max(1, settings.videoPrice)),
            payload: payload, stars: pack.stars)
        try OutboxJobs.sendInvoice(invoice, uniqueKey: key, on: db)
    }

    /// ✖️ Cancel on a status message: refunds every video not yet handed to KIE. Returns what the press is answered.
    private func cancelOrder(_ orderID: Int64, user: UserRecord) throws -> String {
        let refunded = try VideoFailures.cancel(orderID: orderID, userID: user.id, on: db)
        if refunded > 0 { try PipelineJobs.enqueueStatus(orderID: orderID, throttle: .zero, on: db) }
        let texts = user.language.texts
        return refunded > 0 ? texts.orderCancelled(refunded) : texts.nothingToCancel
    }
}

import JobQueue
import Logging
import Postgres
import Telegram

/// Runs the outbox: turns message, invoice and pre-checkout answer jobs into Bot API calls on the one road to
/// Telegram.
public final class TelegramSender: Sendable {
    private let road: TelegramRoad

    public init(client: TelegramClient, pool: PostgresPool, limiter: SendRateLimiter, logger: Logger) {
        road = TelegramRoad(client: client, pool: pool, limiter: limiter, logger: logger)
    }

    public var handlers: [String: JobHandler] {
        [
            OutboxJobs.messageKind: { [self] job in try deliver(job.decode(OutboxJobs.MessagePayload.self), job: job) },
            OutboxJobs.invoiceKind: { [self] job in try sendInvoice(job.decode(OutboxJobs.InvoicePayload.self), job: job) },
            OutboxJobs.preCheckoutKind: { [self] job in
                try answerPreCheckout(job.decode(OutboxJobs.PreCheckoutPayload.self))
            },
        ]
    }

    private func deliver(_ message: OutboxJobs.MessagePayload, job: Job) throws -> JobOutcome {
        let client = road.client
        return try road.send(to: message.chatID, as: .message(ticket: job.id)) { chatID -> Void in
            if let fileID = message.videoFileID {
                _ = try client.call(ResendVideo(chatID: chatID, fileID: fileID, caption: message.text,
                                                replyMarkup: message.keyboard))
            } else if let messageID = message.editMessageID {
                _ = try client.call(EditMessageText(chatID: chatID, messageID: messageID, text: message.text,
                                                    replyMarkup: message.keyboard))
            } else {
                _ = try client.call(SendMessage(chatID: chatID, text: message.text, replyMarkup: message.keyboard))
            }
        }.jobOutcome
    }

    private func sendInvoice(_ invoice: OutboxJobs.InvoicePayload, job: Job) throws -> JobOutcome {
        let client = road.client
        return try road.send(to: invoice.chatID, as: .message(ticket: job.id)) { chatID -> Void in
            _ = try client.call(SendInvoice(chatID: chatID, title: invoice.title, description: invoice.description,
                                            payload: invoice.payload, stars: invoice.stars))
        }.jobOutcome
    }

    /// A refused answer is a query past its 10 s: Telegram has already told the seller the payment failed.
    private func answerPreCheckout(_ answer: OutboxJobs.PreCheckoutPayload) throws -> JobOutcome {
        let result = try road.call(AnswerPreCheckoutQuery(preCheckoutQueryID: answer.queryID, ok: answer.ok,
                                                          errorMessage: answer.errorMessage))
        if case .refused = result { return .done }
        return result.jobOutcome
    }
}

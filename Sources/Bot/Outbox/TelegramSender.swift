import JobQueue
import Logging
import Postgres
import Telegram

/// Runs the outbox: turns message and answer jobs into Bot API calls, within Telegram's limits, and maps every
/// failure to the queue outcome it deserves.
public final class TelegramSender: Sendable {
    private let client: TelegramClient
    private let pool: PostgresPool
    private let limiter: SendRateLimiter
    private let logger: Logger

    public init(client: TelegramClient, pool: PostgresPool, limiter: SendRateLimiter = SendRateLimiter(), logger: Logger) {
        self.client = client
        self.pool = pool
        self.limiter = limiter
        self.logger = logger
    }

    public var handlers: [String: JobHandler] {
        [
            OutboxJobs.messageKind: { [self] job in try deliver(job.decode(OutboxJobs.MessagePayload.self), job: job) },
            OutboxJobs.answerKind: { [self] job in try answer(job.decode(OutboxJobs.AnswerPayload.self)) },
        ]
    }

    private func deliver(_ message: OutboxJobs.MessagePayload, job: Job) throws -> JobOutcome {
        if try pool.withConnection({ try Users.isBlocked(chatID: message.chatID, on: $0) }) {
            return .done
        }
        if let wait = limiter.acquire(chatID: message.chatID, for: .message(ticket: job.id)) { return .snooze(wait) }
        do {
            if let fileID = message.videoFileID {
                _ = try client.call(ResendVideo(chatID: message.chatID, fileID: fileID, caption: message.text,
                                                replyMarkup: message.keyboard))
            } else if let messageID = message.editMessageID {
                _ = try client.call(EditMessageText(chatID: message.chatID, messageID: messageID, text: message.text,
                                                    replyMarkup: message.keyboard))
            } else {
                _ = try client.call(SendMessage(chatID: message.chatID, text: message.text, replyMarkup: message.keyboard))
            }
            return .done
        } catch let error as TelegramError {
            return try outcome(of: error, chatID: message.chatID, job: job)
        }
    }

    private func answer(_ answer: OutboxJobs.AnswerPayload) throws -> JobOutcome {
        do {
            _ = try client.call(AnswerCallbackQuery(callbackQueryID: answer.callbackQueryID, text: answer.text,
                                                    showAlert: answer.alert ? true : nil))
            return .done
        } catch let error as TelegramError {
            // An answer that Telegram calls too old can never succeed; the spinner is long gone.
            if case .api(400, _, _, _) = error { return .done }
            return try outcome(of: error, chatID: nil, job: nil)
        }
    }

    private func outcome(of error: TelegramError, chatID: Int64?, job: Job?) throws -> JobOutcome {
        switch error {
        case .api(429, _, let retryAfter, _):
            return .snooze(.seconds(max(1, retryAfter ?? 1)))
        case .api(403, _, _, _):
            if let chatID {
                try pool.withConnection { try Users.markBlocked(chatID: chatID, on: $0) }
            }
            logger.info("recipient gone; message dropped", metadata: ["chat": "\(chatID ?? 0)"])
            return .done
        case .api(400, let description, _, _) where description.contains("message is not modified"):
            return .done
        case .api(let code, let description, _, _) where (400..<500).contains(code):
            logger.error("telegram rejected a message", metadata: ["code": "\(code)", "error": "\(description)",
                                                                  "job": "\(job?.id ?? 0)"])
            return .fail("telegram \(code): \(description)")
        case .api, .transport, .malformedResponse:
            return .retry(after: nil, error: error.description)
        }
    }
}

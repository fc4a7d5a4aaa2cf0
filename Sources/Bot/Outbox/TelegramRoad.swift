import Foundation
import JobQueue
import Logging
import Postgres
import Telegram

/// How a call to Telegram ended, once every failure has been read by the one policy in `TelegramRoad`.
enum SendResult<Value> {
    case sent(Value)
    /// Telegram's limits: a booked slot or a 429's `retry_after`. Waiting never spends an attempt.
    case wait(Duration)
    /// An edit that would change nothing: the chat already shows it.
    case unchanged
    /// The seller blocked the bot or deleted their account (403): marked blocked, they get nothing more.
    case recipientGone
    /// Telegram refused the call itself (another 4xx); sending it again would fail the same way.
    case refused(String)
    /// The call never reached Telegram (no connection, no TLS); worth another attempt.
    case failed(String)
    /// The call reached Telegram, or may have, and no clear answer came back (a timeout, a dropped connection, a
    /// 5xx, a garbled answer): Telegram may have done it. Worth another attempt all the same.
    case uncertain(String)
}

extension SendResult {
    /// The job's outcome when nothing is left to do after the call: a refusal fails the job, a failure retries it.
    var jobOutcome: JobOutcome {
        switch self {
        case .sent, .unchanged, .recipientGone: .done
        case .wait(let duration): .snooze(duration)
        case .refused(let reason): .fail(reason)
        case .failed(let reason), .uncertain(let reason): .retry(after: nil, error: reason)
        }
    }
}

/// The one road to Telegram. Messages, videos, status edits and query answers all go through here, under this
/// process's share of Telegram's limits, and every error is mapped by one policy: 429 waits `retry_after`, 403
/// marks the recipient blocked, "message is not modified" is no change, a migrated chat is followed once, other
/// 4xx are refusals, a call that never left is a failure and anything else is uncertain; both are worth retrying.
final class TelegramRoad: Sendable {
    let client: TelegramClient
    private let pool: PostgresPool
    let limiter: SendRateLimiter
    private let logger: Logger

    init(client: TelegramClient, pool: PostgresPool, limiter: SendRateLimiter, logger: Logger) {
        self.client = client
        self.pool = pool
        self.limiter = limiter
        self.logger = logger
    }

    /// A booked turn at most this far off is waited for on the worker's thread. Put off as a snooze, each message
    /// of a burst was claimed twice and written back once in between, and the outbox claimed as fast as the database
    /// let it, booking turns minutes ahead: in bench/webhook that churn was a third of the outbox's statements.
    /// Holding the worker also keeps the outbox from claiming faster than Telegram's budget lets it send.
    static let longestWaitInPlace: Duration = .seconds(1)

    /// Sends to `chatID` unless the chat blocked the bot or must wait its turn; `call` gets the chat to send to.
    func send<Value>(to chatID: Int64, as purpose: SendRateLimiter.Purpose,
                     _ call: (Int64) throws -> Value) throws -> SendResult<Value> {
        if try pool.withConnection({ try Users.isBlocked(chatID: chatID, on: $0) }) { return .recipientGone }
        while let wait = limiter.acquire(chatID: chatID, for: purpose) {
            // A status refresh books no turn: waiting would not make one its own.
            guard purpose.booksATurn, wait <= Self.longestWaitInPlace else { return .wait(wait) }
            Thread.sleep(forTimeInterval: wait.seconds)
        }
        do {
            return .sent(try call(chatID))
        } catch TelegramError.api(400, _, _, let newChatID?) {
            // A group became a supergroup (the support chat, say): the call goes to its new id, once.
            logger.warning("chat migrated; update the configured id", metadata: ["chat": "\(chatID)", "to": "\(newChatID)"])
            do {
                return .sent(try call(newChatID))
            } catch let error as TelegramError {
                return try result(of: error, chatID: newChatID)
            }
        } catch let error as TelegramError {
            return try result(of: error, chatID: chatID)
        }
    }

    /// A call that puts nothing into a chat (a query's answer, a refund): no chat budget to wait for.
    func call<Method: TelegramMethod>(_ method: Method) throws -> SendResult<Method.Result> {
        do {
            return .sent(try client.call(method))
        } catch let error as TelegramError {
            return try result(of: error, chatID: nil)
        }
    }

    private func result<Value>(of error: TelegramError, chatID: Int64?) throws -> SendResult<Value> {
        switch error {
        case .api(429, _, let retryAfter, _):
            return .wait(.seconds(max(1, retryAfter ?? 1)))
        case .api(403, _, _, _):
            if let chatID {
                try pool.withConnection { try Users.markBlocked(chatID: chatID, on: $0) }
            }
            logger.info("recipient gone", metadata: ["chat": "\(chatID ?? 0)"])
            return .recipientGone
        case .api(400, let description, _, _) where description.contains("message is not modified"):
            return .unchanged
        case .api(let code, let description, _, _) where (400..<500).contains(code):
            logger.error("telegram refused a call", metadata: ["code": "\(code)", "error": "\(description)",
                                                               "chat": "\(chatID ?? 0)"])
            return .refused("telegram \(code): \(description)")
        case .transport(.connect), .transport(.tls), .transport(.invalidURL), .transport(.invalidRequest):
            return .failed(error.description)
        case .api, .transport, .malformedResponse:
            return .uncertain(error.description)
        }
    }
}

import Domain
import Foundation
import JobQueue
import Postgres
import Signing
import Telegram

/// The order's one status message, edited in place (throttled by the job's schedule); the last edit is the summary,
/// and the order is finished then.
struct OrderStatusStep: Sendable {
    let pool: PostgresPool
    let road: TelegramRoad

    func run(_ request: PipelineJobs.StatusPayload) throws -> JobOutcome {
        let orderID = request.orderID
        guard let status = try pool.withConnection({ try OrderStatus.view(orderID: orderID, on: $0) }),
              status.renderedVersion < request.version
        else { return .done }
        let progress = try pool.withConnection { try Videos.progress(orderID: orderID, on: $0) }
        // A video on its way to the chat is fresher news and needs the chat's sending budget (about one message a
        // second); its delivery asks for another refresh, so this one can step aside.
        if progress.count(.delivering) > 0 { return .done }
        let message = progress.message(status.language.texts)
        let digest = try Self.digest(message)
        // Telegram refuses an edit that changes nothing ("message is not modified"): one is not worth a call.
        if status.messageID != nil, digest == status.shownDigest {
            try markShown(orderID, status: status, progress: progress, digest: digest)
            return .done
        }
        let client = road.client
        let result = try road.send(to: status.chatID, as: .statusRefresh) { chatID -> Int64? in
            if let messageID = status.messageID {
                _ = try client.call(EditMessageText(chatID: chatID, messageID: messageID, text: message.text,
                                                    replyMarkup: message.inlineKeyboard))
                return nil
            }
            return try client.call(SendMessage(chatID: chatID, text: message.text, replyMarkup: message.inlineKeyboard))
                .messageID
        }
        switch result {
        case .sent(let newMessageID?):
            try pool.withConnection { try OrderStatus.setMessage(orderID: orderID, messageID: newMessageID, on: $0) }
            try markShown(orderID, status: status, progress: progress, digest: digest)
        case .sent(nil), .unchanged:
            try markShown(orderID, status: status, progress: progress, digest: digest)
        case .recipientGone, .refused:
            // The order's progress is the truth and the message only shows it: one Telegram will not show (deleted,
            // say) must not keep the order open.
            try markShown(orderID, status: status, progress: progress, digest: nil)
        case .wait, .failed, .uncertain:
            return result.jobOutcome
        }
        return .done
    }

    private func markShown(_ orderID: Int64, status: OrderStatus.View, progress: OrderProgress,
                           digest: String?) throws {
        try pool.withConnection {
            try OrderStatus.markShown(orderID: orderID, version: status.version, finished: progress.isFinished,
                                      digest: digest, on: $0)
        }
    }

    /// The text and buttons as Telegram shows them, reduced to a digest every process computes alike.
    static func digest(_ message: OutgoingMessage) throws -> String {
        struct Shown: Encodable {
            var text: String
            var replyMarkup: InlineKeyboardMarkup?
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let shown = try encoder.encode(Shown(text: message.text, replyMarkup: message.inlineKeyboard))
        return Signing.hex(Signing.sha256(Array(shown)))
    }
}

import Domain
import JobQueue
import Postgres
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
        case .sent(nil), .unchanged, .recipientGone, .refused:
            // The order's progress is the truth and the message only shows it: one Telegram will not show (deleted,
            // say) must not keep the order open.
            break
        case .wait, .failed:
            return result.jobOutcome
        }
        try pool.withConnection {
            try OrderStatus.markShown(orderID: orderID, version: status.version, finished: progress.isFinished, on: $0)
        }
        return .done
    }
}

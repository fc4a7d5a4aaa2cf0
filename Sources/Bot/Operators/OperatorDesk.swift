import Domain
import Postgres
import Telegram

/// Answers an operator's command inside the update's transaction. Only `/stats` needs KIE, so it becomes a job;
/// everything else is decided and answered here, through the outbox.
struct OperatorDesk {
    let updateID: Int64
    let db: PostgresConnection

    func handle(_ command: OperatorCommand, from sender: User, chatID: Int64) throws {
        // The language the refund job later reports in too: the operator's own as a user, Russian if they have none.
        let language = try Users.language(userID: sender.id, on: db)
        let texts = language.texts
        let answer: String
        switch command {
        case .stats:
            return try StatsDelivery.request(chatID: chatID, language: language, requestKey: "update:\(updateID)", on: db)
        case .grant(let grant):
            answer = try CreditGrants.make(grant, operatorID: sender.id, reference: "grant:update:\(updateID)", on: db)
                .text(grant, texts: texts.operators)
        case .user(let id):
            answer = try UserReport.load(userID: id, on: db).map(texts.operators.user) ?? texts.operators.unknownUser(id)
        case .refund(let chargeID):
            answer = try PurchaseRefunds.request(chargeID: chargeID, operatorChatID: chatID, on: db)
                .text(chargeID: chargeID, texts: texts)
        case .reply(let userID, let text):
            guard let seller = try Users.lock(userID, on: db) else {
                answer = texts.operators.unknownUser(userID)
                break
            }
            try OutboxJobs.send(OutgoingMessage(seller.language.texts.supportAnswer(text)), chatID: seller.chatID,
                                uniqueKey: "update:\(updateID):reply", on: db)
            answer = texts.operators.replySent(userID)
        case .usage(let name):
            answer = texts.operators.usage(name)
        }
        try OutboxJobs.send(OutgoingMessage(answer), chatID: chatID, uniqueKey: "update:\(updateID):operator", on: db)
    }
}

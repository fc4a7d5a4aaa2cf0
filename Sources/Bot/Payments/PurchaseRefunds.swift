import Domain
import JobQueue
import Logging
import Postgres
import Telegram

/// An operator gives a purchase back (`refundStarPayment`): its credits are taken back first, in the transaction
/// that marks the refund under way, so a seller can never spend credits whose Stars are on their way back; if
/// Telegram refuses, the credits are returned. A purchase whose credits are partly spent is refused. When Telegram
/// never answers clearly, the Stars may be back with the seller: the credits stay withheld and the operator can ask
/// again (Telegram answers `CHARGE_ALREADY_REFUNDED` to a repeat of a refund it made).
public struct PurchaseRefunds: Sendable {
    public static let kind = "payment.refund"

    public enum Request: Equatable, Sendable {
        case queued
        case unknownCharge
        case alreadyRefunded
        case spent(Int, of: Int)
    }

    struct Payload: Codable, Sendable {
        var chargeID: String
        /// Where the outcome is reported.
        var operatorChatID: Int64
    }

    let pool: PostgresPool
    let road: TelegramRoad
    let logger: Logger

    public init(client: TelegramClient, pool: PostgresPool, limiter: SendRateLimiter, logger: Logger) {
        self.pool = pool
        road = TelegramRoad(client: client, pool: pool, limiter: limiter, logger: logger)
        self.logger = logger
    }

    /// Checks the purchase can be refunded now and queues the refund; in the caller's transaction.
    public static func request(chargeID: String, operatorChatID: Int64, on db: PostgresConnection) throws -> Request {
        guard let payment = try Payments.find(chargeID: chargeID, on: db) else { return .unknownCharge }
        guard payment.refundState != "refunded" else { return .alreadyRefunded }
        // A refund left uncertain has its credits withheld already; asking again only asks Telegram again.
        if payment.refundState == nil {
            let balance = try Users.lock(payment.userID, on: db)?.balance ?? 0
            guard balance >= payment.credits else { return .spent(payment.credits - balance, of: payment.credits) }
        }
        try JobQueue.enqueue(.json(kind: kind, payload: Payload(chargeID: chargeID, operatorChatID: operatorChatID),
                                   uniqueKey: "refund:\(chargeID)", priority: 1, maxAttempts: 5), on: db)
        return .queued
    }

    public var handlers: [String: JobHandler] {
        [Self.kind: { job in try run(job.decode(Payload.self), job: job) }]
    }

    private enum Reservation {
        case reserved(PaymentRecord)
        case refused(Request)
        case finished
    }

    func run(_ request: Payload, job: Job) throws -> JobOutcome {
        let reservation = try pool.transaction { db in try reserve(request.chargeID, job: job, on: db) }
        let payment: PaymentRecord
        switch reservation {
        case .finished:
            return .done
        case .refused(let why):
            try report(why, chargeID: request.chargeID, to: request.operatorChatID)
            return .done
        case .reserved(let reserved):
            payment = reserved
        }
        let result = try road.call(RefundStarPayment(userID: payment.userID, telegramPaymentChargeID: payment.chargeID))
        switch result {
        case .sent:
            try finish(payment, operatorChatID: request.operatorChatID)
            return .done
        case .wait(let duration):
            return .snooze(duration)
        case .failed(let reason) where job.attempt < job.maxAttempts,
             .uncertain(let reason) where job.attempt < job.maxAttempts:
            return .retry(after: nil, error: reason)
        case .refused(let reason) where reason.contains("CHARGE_ALREADY_REFUNDED"):
            try finish(payment, operatorChatID: request.operatorChatID)
            return .done
        case .uncertain(let reason):
            logger.error("purchase refund uncertain", metadata: ["charge": "\(payment.chargeID)", "error": "\(reason)"])
            try report(uncertain: payment, job: job, to: request.operatorChatID)
            return .done
        case .failed(let reason), .refused(let reason):
            try giveBack(payment, job: job, reason: reason, operatorChatID: request.operatorChatID)
            return .done
        case .unchanged, .recipientGone:
            try giveBack(payment, job: job, reason: "\(result)", operatorChatID: request.operatorChatID)
            return .done
        }
    }

    /// Takes the credits back and marks the refund under way; a retried job finds it so and goes on to Telegram.
    private func reserve(_ chargeID: String, job: Job, on db: PostgresConnection) throws -> Reservation {
        guard let payment = try Payments.find(chargeID: chargeID, lock: true, on: db) else {
            return .refused(.unknownCharge)
        }
        switch payment.refundState {
        case "refunded": return .finished
        case "refunding": return .reserved(payment)
        default: break
        }
        let balance = try Users.lock(payment.userID, on: db)?.balance ?? 0
        guard balance >= payment.credits else { return .refused(.spent(payment.credits - balance, of: payment.credits)) }
        _ = try Payments.markRefunding(chargeID: chargeID, on: db)
        try Ledger.post(userID: payment.userID, delta: -payment.credits, reason: .purchaseRefund,
                        reference: Self.reference(payment, job: job), on: db)
        return .reserved(payment)
    }

    private func finish(_ payment: PaymentRecord, operatorChatID: Int64) throws {
        try pool.transaction { db in
            guard try Payments.markRefunded(chargeID: payment.chargeID, on: db),
                  let seller = try Users.lock(payment.userID, on: db)
            else { return }
            try OutboxJobs.send(OutgoingMessage(seller.language.texts.purchaseRefunded(payment.credits, seller.balance)),
                                chatID: seller.chatID, uniqueKey: "refund:\(payment.chargeID):seller", on: db)
            let texts = try Users.language(userID: operatorChatID, on: db).texts
            try OutboxJobs.send(OutgoingMessage(texts.refundDone(payment.chargeID, payment.credits)),
                                chatID: operatorChatID, uniqueKey: "refund:\(payment.chargeID):operator", on: db)
        }
    }

    /// Telegram would not refund: the credits go back to the seller and the payment stands.
    private func giveBack(_ payment: PaymentRecord, job: Job, reason: String, operatorChatID: Int64) throws {
        logger.warning("purchase refund refused", metadata: ["charge": "\(payment.chargeID)", "error": "\(reason)"])
        try pool.transaction { db in
            guard try Payments.abandonRefund(chargeID: payment.chargeID, on: db) else { return }
            try Ledger.post(userID: payment.userID, delta: payment.credits, reason: .purchaseRefund,
                            reference: Self.reference(payment, job: job) + ":undone", on: db)
            let texts = try Users.language(userID: operatorChatID, on: db).texts
            try OutboxJobs.send(OutgoingMessage(texts.refundRefused(payment.chargeID, reason)), chatID: operatorChatID,
                                uniqueKey: "refund:\(payment.chargeID):\(job.id):refused", on: db)
        }
    }

    /// The credits stay withheld and the payment stays `refunding`: the Stars may be back with the seller.
    private func report(uncertain payment: PaymentRecord, job: Job, to operatorChatID: Int64) throws {
        try pool.transaction { db in
            let texts = try Users.language(userID: operatorChatID, on: db).texts
            try OutboxJobs.send(OutgoingMessage(texts.refundUncertain(payment.chargeID)), chatID: operatorChatID,
                                uniqueKey: "refund:\(payment.chargeID):\(job.id):uncertain", on: db)
        }
    }

    private func report(_ outcome: Request, chargeID: String, to operatorChatID: Int64) throws {
        try pool.transaction { db in
            let texts = try Users.language(userID: operatorChatID, on: db).texts
            try OutboxJobs.send(OutgoingMessage(outcome.text(chargeID: chargeID, texts: texts)), chatID: operatorChatID,
                                uniqueKey: "refund:\(chargeID):report:\(outcome)", on: db)
        }
    }

    /// Each refund attempt (one job) takes the credits once and gives them back at most once.
    private static func reference(_ payment: PaymentRecord, job: Job) -> String {
        "payment:\(payment.chargeID):refund:\(job.id)"
    }
}

extension PurchaseRefunds.Request {
    /// What the operator is told.
    public func text(chargeID: String, texts: Texts) -> String {
        switch self {
        case .queued: texts.refundQueued(chargeID)
        case .unknownCharge: texts.refundUnknownCharge(chargeID)
        case .alreadyRefunded: texts.refundAlreadyDone(chargeID)
        case .spent(let spent, let credits): texts.refundSpent(chargeID, spent, credits)
        }
    }
}

import Domain
import Foundation
import Logging
import Metrics
import Postgres
import Signing
import Telegram

/// Receives Telegram's webhook calls. In one short transaction it records the update (once per `update_id`),
/// advances the conversation and enqueues the replies; it never calls Telegram itself. Updates arriving together
/// share that transaction (`Batcher`): one commit and two round trips for the batch instead of for each update, which
/// is most of what an update costs the database. Each is still answered only after the commit that holds it.
public final class TelegramWebhook: Sendable {
    public enum Outcome: Equatable, Sendable {
        /// Stored now. `answer` answers the button press the update carries, in the response to this request
        /// (`WebhookReply`), so the seller's spinner stops without a call of our own to Telegram.
        case accepted(answer: AnswerCallbackQuery?)
        /// Stored before: Telegram sent it again, and it changed nothing.
        case duplicate(answer: AnswerCallbackQuery?)
        case unauthorized
        case malformed
    }

    public struct Settings: Sendable {
        public var secretToken: String
        public var dialogue: DialogueSettings
        public var updateRate: UpdateRateLimit
        /// The KIE model new orders are made with.
        public var orderModel: String
        public var videoDeadline: Duration
        /// Signs and checks invoice payloads.
        public var signingSecret: String
        /// Operators' Telegram ids (`ADMIN_IDS`): only their operator commands are read as such.
        public var adminIDs: Set<Int64>
        /// Transactions applying updates at once (`Batcher`).
        public var batchSlots = 4
        /// Updates per transaction at most.
        public var batchLimit = 32

        public init(secretToken: String, dialogue: DialogueSettings, orderModel: String, signingSecret: String,
                    videoDeadline: Duration = VideoDeadline.standard, updateRate: UpdateRateLimit = UpdateRateLimit(),
                    adminIDs: Set<Int64> = []) {
            self.secretToken = secretToken
            self.adminIDs = adminIDs
            self.signingSecret = signingSecret
            self.dialogue = dialogue
            self.orderModel = orderModel
            self.videoDeadline = videoDeadline
            self.updateRate = updateRate
        }
    }

    private let settings: Settings
    private let secret: [UInt8]
    private let pool: PostgresPool
    private let logger: Logger
    private let batches: Batcher<Arrived, Result<Outcome, any Error>>

    /// An update read and ready to apply.
    private struct Arrived: Sendable {
        var update: TelegramUpdates.Receipt
        var reading: UpdateInterpreter.Reading
    }

    public init(settings: Settings, pool: PostgresPool, logger: Logger) {
        self.settings = settings
        self.secret = Array(settings.secretToken.utf8)
        self.pool = pool
        self.logger = logger
        batches = Batcher(slots: settings.batchSlots, batchLimit: settings.batchLimit) { batch in
            Self.apply(batch, settings: settings, pool: pool, logger: logger)
        }
    }

    /// Database failures are thrown so the HTTP layer answers 5xx and Telegram delivers the update again.
    public func receive(secretToken: String?, body: [UInt8]) throws -> Outcome {
        guard let token = secretToken, Signing.constantTimeEquals(Array(token.utf8), secret) else {
            return .unauthorized
        }
        guard let (updateID, reading) = read(body) else { return .malformed }
        let update = TelegramUpdates.Receipt(id: updateID, kind: reading.metricKind)
        let outcome = try batches.submit(Arrived(update: update, reading: reading), key: reading.userID).get()
        let processed = if case .accepted = outcome { true } else { false }
        Counter(label: "telegram_updates_total", dimensions: [("kind", reading.metricKind),
                                                               ("outcome", processed ? "processed" : "duplicate")]).increment()
        return outcome
    }

    /// One outcome per update, in order. When the batch's transaction fails (one update that cannot be applied, a
    /// deadlock with another transaction), each update is applied again in a transaction of its own, so one that
    /// cannot be applied fails alone.
    private static func apply(_ batch: [Arrived], settings: Settings, pool: PostgresPool,
                              logger: Logger) -> [Result<Outcome, any Error>] {
        do {
            return try pool.transaction { db in
                try applyTogether(batch, on: db, settings: settings, logger: logger)
            }.map { .success($0) }
        } catch {
            guard batch.count > 1 else { return [.failure(error)] }
            logger.notice("a batch of updates failed, applying each alone",
                          metadata: ["updates": "\(batch.count)", "problem": "\(error)"])
            return batch.map { arrived in
                Result {
                    try pool.transaction { db in
                        try applyTogether([arrived], on: db, settings: settings, logger: logger)[0]
                    }
                }
            }
        }
    }

    /// Sends every update's admission statements in one round trip, then applies each in turn.
    private static func applyTogether(_ batch: [Arrived], on db: PostgresConnection, settings: Settings,
                                      logger: Logger) throws -> [Outcome] {
        let processors = batch.map {
            UpdateProcessor(settings: settings, update: $0.update, reading: $0.reading, db: db, logger: logger)
        }
        let admissions = processors.map(\.admission)
        let results = try db.queries(admissions.flatMap { $0 })
        var first = 0
        return try zip(processors, admissions).map { processor, statements in
            defer { first += statements.count }
            return try processor.process(admitted: results[first ..< first + statements.count])
        }
    }

    /// Nil only for a body that is not an update at all. One with an integer `update_id` that the bot cannot read
    /// is ignored: refusing it would only make Telegram send it again and again.
    private func read(_ body: [UInt8]) -> (updateID: Int64, reading: UpdateInterpreter.Reading)? {
        let data = Data(body)
        do {
            let update = try JSONDecoder().decode(Update.self, from: data)
            return (update.updateID, UpdateInterpreter.read(update, adminIDs: settings.adminIDs))
        } catch {
            guard let header = try? JSONDecoder().decode(UpdateHeader.self, from: data) else { return nil }
            logger.warning("update unreadable, ignored", metadata: ["update_id": "\(header.updateID)",
                                                                    "problem": "\(error)"])
            return (header.updateID, UpdateInterpreter.unreadable(header))
        }
    }
}

extension UpdateInterpreter.Reading {
    var metricKind: String {
        switch self {
        case .input(.button, _, _, _, _), .expiredButton: "callback_query"
        case .input: "message"
        case .membership: "my_chat_member"
        case .preCheckout: "pre_checkout_query"
        case .payment: "successful_payment"
        case .operatorCommand: "operator_command"
        case .ignored(let kind): kind
        }
    }

    var callbackQueryID: String? {
        switch self {
        case .input(_, _, _, _, let callbackQueryID): callbackQueryID
        case .expiredButton(_, let callbackQueryID): callbackQueryID
        default: nil
        }
    }

    var userID: Int64? {
        switch self {
        case .input(_, let user, _, _, _), .expiredButton(let user, _): user.id
        case .membership(let userID, _): userID
        case .preCheckout(let query): query.from.id
        case .payment(_, let user, _), .operatorCommand(_, let user, _): user.id
        case .ignored: nil
        }
    }
}

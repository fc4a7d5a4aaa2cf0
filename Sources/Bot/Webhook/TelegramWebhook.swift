import Domain
import Foundation
import Logging
import Metrics
import Postgres
import Signing
import Telegram

/// Receives Telegram's webhook calls. In one short transaction it records the update (once per `update_id`),
/// advances the conversation and enqueues the replies; it never calls Telegram itself.
public final class TelegramWebhook: Sendable {
    public enum Outcome: Equatable, Sendable {
        case accepted
        case duplicate
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

    public init(settings: Settings, pool: PostgresPool, logger: Logger) {
        self.settings = settings
        self.secret = Array(settings.secretToken.utf8)
        self.pool = pool
        self.logger = logger
    }

    /// Database failures are thrown so the HTTP layer answers 5xx and Telegram delivers the update again.
    public func receive(secretToken: String?, body: [UInt8]) throws -> Outcome {
        guard let token = secretToken, Signing.constantTimeEquals(Array(token.utf8), secret) else {
            return .unauthorized
        }
        guard let (updateID, reading) = read(body) else { return .malformed }
        let update = TelegramUpdates.Receipt(id: updateID, kind: reading.metricKind)
        let recorded = try pool.transaction { db in
            try UpdateProcessor(settings: settings, update: update, db: db, logger: logger).process(reading)
        }
        Counter(label: "telegram_updates_total", dimensions: [("kind", reading.metricKind),
                                                               ("outcome", recorded ? "processed" : "duplicate")]).increment()
        return recorded ? .accepted : .duplicate
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

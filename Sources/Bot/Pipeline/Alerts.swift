import Domain
import Foundation
import Logging
import Postgres

/// Messages to the people who run the bot, through the outbox: billing to the support chat, configuration errors to
/// every operator; each at most once per key.
struct Alerts: Sendable {
    let pool: PostgresPool
    let supportChatID: Int64?
    let adminIDs: [Int64]
    let logger: Logger

    func support(_ text: String, key: String) throws {
        guard let chat = supportChatID else {
            logger.error("billing alert with no SUPPORT_CHAT_ID configured", metadata: ["alert": "\(text)"])
            return
        }
        try pool.transaction { db in
            try OutboxJobs.sendOnce(OutgoingMessage("⚠️ " + text), chatID: chat, key: key, on: db)
        }
    }

    /// One message per operator per problem per hour.
    func operators(_ text: String, key: String) throws {
        logger.error("operator alert", metadata: ["alert": "\(text)"])
        let hour = Self.hour()
        try pool.transaction { db in
            for admin in adminIDs {
                try OutboxJobs.sendOnce(OutgoingMessage("⚠️ " + text), chatID: admin, key: "alert:\(key):\(admin):\(hour)",
                                        on: db)
            }
        }
    }

    /// The current hour since the epoch: a key that changes hourly lets an alert repeat once an hour.
    static func hour() -> Int {
        Int(Date().timeIntervalSince1970 / 3600)
    }
}

import JobQueue
import Logging
import Postgres

/// Rows kept only to recognise repeats would otherwise outlive their use: Telegram stops re-sending an update after a
/// day and a notification key matters while its order or alert period lasts, so they go after a week and a month.
/// One recurring job, shared by every process, deletes them hourly in small batches. (Files are per host: see
/// `MediaSweeper`.)
public struct Housekeeping: Sendable {
    public static let kind = "app.housekeeping"
    static let interval: Duration = .seconds(3600)
    static let updatesKept: Duration = .seconds(7 * 24 * 3600)
    static let notificationsKept: Duration = .seconds(30 * 24 * 3600)
    /// The per-day cap looks back one day.
    static let analysesKept: Duration = .seconds(2 * 24 * 3600)
    static let batchSize = 5000

    let pool: PostgresPool
    let logger: Logger

    public init(pool: PostgresPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// Queues the recurring job unless it is queued already; every process calls this when it starts.
    public static func schedule(on db: PostgresConnection) throws {
        try JobQueue.enqueue(.json(kind: kind, payload: [String: String](), uniqueKey: kind), on: db)
    }

    public var handlers: [String: JobHandler] {
        [Self.kind: { [self] _ in run() }]
    }

    /// Never fails for good: a failed round is logged and the next one comes an interval later all the same.
    func run() -> JobOutcome {
        do {
            let updates = try deleteInBatches { try TelegramUpdates.deleteOlderThan(Self.updatesKept, limit: $0, on: $1) }
            let notifications = try deleteInBatches {
                try SentNotifications.deleteOlderThan(Self.notificationsKept, limit: $0, on: $1)
            }
            let analyses = try deleteInBatches {
                try PhotoAnalyses.deleteOlderThan(Self.analysesKept, limit: $0, on: $1)
            }
            if updates + notifications + analyses > 0 {
                logger.info("pruned old rows", metadata: ["updates": "\(updates)", "notifications": "\(notifications)",
                                                          "analyses": "\(analyses)"])
            }
        } catch {
            logger.error("housekeeping failed", metadata: ["error": "\(error)"])
        }
        return .snooze(Self.interval)
    }

    /// Small batches, each its own statement, so no delete holds locks for long.
    private func deleteInBatches(_ delete: (Int, PostgresConnection) throws -> Int) throws -> Int {
        var total = 0
        while true {
            let deleted = try pool.withConnection { try delete(Self.batchSize, $0) }
            total += deleted
            if deleted < Self.batchSize { return total }
        }
    }
}

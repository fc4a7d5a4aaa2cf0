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
            let updates = try deleteInBatches("""
                DELETE FROM telegram_updates WHERE update_id IN (
                    SELECT update_id FROM telegram_updates WHERE received_at < now() - make_interval(secs => $1) LIMIT $2)
                """, olderThan: Self.updatesKept)
            let notifications = try deleteInBatches("""
                DELETE FROM sent_notifications WHERE key IN (
                    SELECT key FROM sent_notifications WHERE created_at < now() - make_interval(secs => $1) LIMIT $2)
                """, olderThan: Self.notificationsKept)
            if updates + notifications > 0 {
                logger.info("pruned old rows", metadata: ["updates": "\(updates)", "notifications": "\(notifications)"])
            }
        } catch {
            logger.error("housekeeping failed", metadata: ["error": "\(error)"])
        }
        return .snooze(Self.interval)
    }

    private func deleteInBatches(_ statement: String, olderThan age: Duration) throws -> Int {
        var total = 0
        while true {
            let deleted = try pool.execute(statement, [age.seconds, Self.batchSize])
            total += deleted
            if deleted < Self.batchSize { return total }
        }
    }
}

import Foundation
import JobQueue
import Logging
import Postgres

/// What is kept only for a while would otherwise outlive its use. Telegram stops re-sending an update after a day
/// and a notification key matters while its order or alert period lasts, so their rows go after a week and a month.
/// Files in MEDIA_DIR go after a week: a delivered video is re-sent by Telegram's file_id, a product photo is
/// fetched again from Telegram when needed, and a photo prepared for KIE is useless once its order is over (a video
/// is finished or refunded within its 30-minute deadline). One recurring job does it all, hourly, in small batches.
public struct Housekeeping: Sendable {
    public static let kind = "app.housekeeping"
    static let interval: Duration = .seconds(3600)
    static let updatesKept: Duration = .seconds(7 * 24 * 3600)
    static let notificationsKept: Duration = .seconds(30 * 24 * 3600)
    static let filesKept: Duration = .seconds(7 * 24 * 3600)
    static let mediaFolders = ["videos", "media", "photos"]
    static let batchSize = 5000

    let pool: PostgresPool
    let mediaDirectory: String
    let logger: Logger

    public init(pool: PostgresPool, mediaDirectory: String, logger: Logger) {
        self.pool = pool
        self.mediaDirectory = mediaDirectory
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
            let files = deleteOldFiles()
            if updates + notifications + files > 0 {
                logger.info("pruned", metadata: ["updates": "\(updates)", "notifications": "\(notifications)",
                                                 "files": "\(files)"])
            }
        } catch {
            logger.error("housekeeping failed", metadata: ["error": "\(error)"])
        }
        return .snooze(Self.interval)
    }

    /// Files last written before the cut-off; one that cannot be read or removed is left for the next round.
    private func deleteOldFiles() -> Int {
        let cutoff = Date().addingTimeInterval(-Self.filesKept.seconds)
        let files = FileManager.default
        var deleted = 0
        for folder in Self.mediaFolders {
            let path = mediaDirectory + "/" + folder
            for name in (try? files.contentsOfDirectory(atPath: path)) ?? [] {
                let file = path + "/" + name
                guard let written = (try? files.attributesOfItem(atPath: file))?[.modificationDate] as? Date,
                      written < cutoff, (try? files.removeItem(atPath: file)) != nil
                else { continue }
                deleted += 1
            }
        }
        return deleted
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

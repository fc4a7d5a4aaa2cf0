import Logging
import Postgres

/// Deletes finished jobs older than the retention, and worker processes silent as long, so the tables stay
/// small however long the service runs. Deletes in bounded batches to keep each statement short.
struct Pruner: Sendable {
    static let batchSize = 5000

    let pool: PostgresPool
    let retention: Duration
    let logger: Logger

    func round() throws {
        var total = 0
        var deleted: Int
        repeat {
            deleted = try pool.withConnection { connection in
                try JobStore.pruneFinished(olderThan: retention, limit: Self.batchSize, on: connection)
            }
            total += deleted
        } while deleted == Self.batchSize
        let processes = try pool.withConnection { connection in
            try JobStore.pruneProcesses(silentFor: retention, on: connection)
        }
        if total > 0 || processes > 0 {
            logger.info("pruned finished jobs", metadata: ["jobs": "\(total)", "processes": "\(processes)"])
        }
    }
}

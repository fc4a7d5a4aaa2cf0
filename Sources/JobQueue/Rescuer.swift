import Logging
import Postgres

/// Returns running jobs whose lease expired (their worker crashed, was killed or hung without renewing) to the
/// queue, counting each rescue on the row and in metrics. Every process runs one; SKIP LOCKED keeps them apart.
struct Rescuer: Sendable {
    static let batchSize = 1000

    let pool: PostgresPool
    let metrics: QueueMetrics
    let logger: Logger

    func round() throws {
        var rescued: [(id: Int64, kind: String)]
        repeat {
            rescued = try pool.withConnection { connection in
                try JobStore.rescueExpired(limit: Self.batchSize, on: connection)
            }
            for job in rescued {
                metrics.recordRescued(kind: job.kind)
            }
            if !rescued.isEmpty {
                logger.warning("rescued jobs whose lease expired", metadata: ["jobs": "\(rescued.map(\.id))"])
            }
        } while rescued.count == Self.batchSize
    }
}

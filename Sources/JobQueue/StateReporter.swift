import Postgres

/// Refreshes the `jobqueue_jobs{state}` gauge: the queue's depth and backlog at a glance.
struct StateReporter: Sendable {
    let pool: PostgresPool
    let metrics: QueueMetrics

    func round() throws {
        let counts = try pool.withConnection { connection in try JobStore.countByState(on: connection) }
        metrics.recordJobsByState(counts)
    }
}

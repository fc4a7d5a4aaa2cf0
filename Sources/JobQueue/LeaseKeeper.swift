import Foundation
import Logging
import Postgres

/// The job heartbeat: renews, in one statement, the lease of every job this process holds, so a job runs as
/// long as it needs while its worker lives and is rescued soon after the worker dies.
struct LeaseKeeper: Sendable {
    let pool: PostgresPool
    let workerID: UUID
    let leaseDuration: Duration
    let inFlight: InFlightJobs
    let metrics: QueueMetrics
    let logger: Logger

    func round() throws {
        let held = inFlight.all
        guard !held.isEmpty else { return }
        let renewed = try pool.withConnection { connection in
            try JobStore.renewLeases(held, lease: leaseDuration, worker: workerID, on: connection)
        }
        // A job missing from `renewed` either finished meanwhile or was rescued from under us.
        let lost = held.filter { !renewed.contains($0.id) && inFlight.contains($0) }
        if !lost.isEmpty {
            metrics.recordLeasesLost(lost.count)
            logger.warning("leases lost: these jobs may run again elsewhere",
                           metadata: ["jobs": "\(lost.map(\.id))"])
        }
    }
}

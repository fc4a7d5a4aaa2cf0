import Foundation
import Logging
import Postgres

/// Claims due jobs for this process's idle workers, several per statement when the queue is deep.
final class Fetcher: Sendable {
    private let pool: PostgresPool
    private let kinds: [String]
    private let workerID: UUID
    private let configuration: WorkerPool.Configuration
    private let dispatch: JobDispatch
    private let inFlight: InFlightJobs
    private let logger: Logger
    private let thread = Locked<BackgroundThread?>(nil)

    init(pool: PostgresPool, kinds: [String], workerID: UUID, configuration: WorkerPool.Configuration,
         dispatch: JobDispatch, inFlight: InFlightJobs, logger: Logger) {
        self.pool = pool
        self.kinds = kinds
        self.workerID = workerID
        self.configuration = configuration
        self.dispatch = dispatch
        self.inFlight = inFlight
        self.logger = logger
    }

    func start() {
        thread.withLock { $0 = BackgroundThread(name: "jobqueue-fetcher") { [self] in run() } }
    }

    /// Waits for the loop to end; `dispatch.stop()` ends it.
    func join() {
        thread.withLock { $0 }?.join()
    }

    private func run() {
        while let idleWorkers = dispatch.waitForClaim(pollInterval: configuration.pollInterval) {
            let limit = min(idleWorkers, configuration.maxClaimBatch)
            do {
                let claimed = try pool.withConnection { connection in
                    try JobStore.claim(kinds: kinds, limit: limit, worker: workerID, lease: configuration.leaseDuration,
                                       maxAttempts: configuration.maxAttempts(forKind:), on: connection)
                }
                inFlight.insert(claimed.map(\.lease))
                let refused = dispatch.deliver(claimed, queueLikelyDeep: claimed.count == limit)
                if !refused.isEmpty { handBack(refused.map(\.lease)) }
            } catch {
                logger.error("could not claim jobs", metadata: ["error": "\(error)"])
                dispatch.claimFailed(pollInterval: configuration.pollInterval)
            }
        }
    }

    /// Returns claimed jobs nobody will run (the pool is stopping) to the queue as if never claimed.
    func handBack(_ leases: [JobLease]) {
        guard !leases.isEmpty else { return }
        do {
            let returned = try pool.withConnection { connection in
                try JobStore.handBack(leases, worker: workerID, on: connection)
            }
            logger.info("handed back jobs", metadata: ["jobs": "\(returned)"])
        } catch {
            logger.error("could not hand back jobs; the rescuer will return them when their leases expire",
                         metadata: ["error": "\(error)", "jobs": "\(leases.map(\.id))"])
        }
        // Either way they are out of this process's hands: stop renewing their leases.
        inFlight.remove(leases)
    }
}

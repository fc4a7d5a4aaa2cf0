import Foundation
import Logging
import Postgres
import Timekeeping

/// Writes finished runs back to the table on one thread, batching whatever accumulated while the previous write
/// was in flight (group commit): one statement for all the `done` jobs and one transaction per batch, so a busy
/// pool pays a fraction of a commit per job while an idle one writes each job at once.
///
/// `@unchecked Sendable`: the mutable state is only touched under `condition`.
final class Completer: @unchecked Sendable {
    private static let retryDelay: Duration = .milliseconds(200)
    /// Attempts at writing a batch that fails for a reason other than an outage, or while stopping, before its
    /// jobs are left to the rescuer.
    private static let attemptsBeforeGivingUp = 3

    private let pool: PostgresPool
    private let workerID: UUID
    private let maxBatch: Int
    private let inFlight: InFlightJobs
    private let dispatch: JobDispatch
    private let logger: Logger
    private let condition = NSCondition()
    private var pending: [Completion] = []
    private var stopping = false
    private var thread: BackgroundThread?

    init(pool: PostgresPool, workerID: UUID, maxBatch: Int, inFlight: InFlightJobs, dispatch: JobDispatch,
         logger: Logger) {
        self.pool = pool
        self.workerID = workerID
        self.maxBatch = maxBatch
        self.inFlight = inFlight
        self.dispatch = dispatch
        self.logger = logger
    }

    func start() {
        condition.lock()
        thread = BackgroundThread(name: "jobqueue-completer") { [self] in run() }
        condition.unlock()
    }

    func submit(_ completion: Completion) {
        condition.lock()
        let accepted = !stopping
        if accepted { pending.append(completion) }
        condition.signal()
        condition.unlock()
        if !accepted {
            logger.warning("job finished after the pool stopped; it was handed back and will run again",
                           metadata: ["job": "\(completion.lease.id)"])
        }
    }

    /// Writes everything submitted so far, then ends the thread.
    func stop() {
        condition.lock()
        stopping = true
        let thread = thread
        condition.signal()
        condition.unlock()
        thread?.join()
    }

    private func run() {
        while let batch = nextBatch() {
            write(batch)
        }
    }

    /// Waits for completions; nil once stopping with nothing left.
    private func nextBatch() -> [Completion]? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !stopping {
            condition.wait()
        }
        guard !pending.isEmpty else { return nil }
        let batch = Array(pending.prefix(maxBatch))
        pending.removeFirst(batch.count)
        return batch
    }

    private func write(_ batch: [Completion]) {
        var attempt = 0
        while true {
            attempt += 1
            do {
                try pool.transaction { connection in try self.write(batch, on: connection) }
                inFlight.remove(batch.map(\.lease))
                let committed = Date()
                dispatch.wake(at: batch.compactMap { completion in
                    guard case .reschedule(let delay, _, _) = completion.action else { return nil }
                    return committed.addingTimeInterval(delay.seconds)
                })
                return
            } catch {
                condition.lock()
                let stopping = stopping
                condition.unlock()
                logger.error("could not record finished jobs", metadata: [
                    "error": "\(error)", "jobs": "\(batch.count)", "attempt": "\(attempt)",
                ])
                // While the database is unreachable, keep trying (the leases are renewed meanwhile); give up on
                // anything else, or when stopping, after a few attempts.
                if (stopping || !Self.isTransient(error)) && attempt >= Self.attemptsBeforeGivingUp {
                    // Unrenewed, their leases expire and the rescuer returns them: they run again, never get lost.
                    inFlight.remove(batch.map(\.lease))
                    return
                }
                Thread.sleep(forTimeInterval: Self.retryDelay.seconds)
            }
        }
    }

    private static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        return [.connectionFailure, .poolTimeout, .serializationFailure, .deadlockDetected].contains(error.kind)
    }

    private func write(_ batch: [Completion], on connection: PostgresConnection) throws {
        let done = batch.filter { $0.action == .done }.map(\.lease)
        var finished = done.isEmpty ? [] : try JobStore.markDone(done, worker: workerID, on: connection)
        let later = batch.compactMap { completion -> RescheduledJob? in
            guard case .reschedule(let delay, let error, let spendsAttempt) = completion.action else { return nil }
            return RescheduledJob(lease: completion.lease, delay: delay, error: error, spendsAttempt: spendsAttempt)
        }
        var written = finished.count + (try JobStore.reschedule(later, worker: workerID, on: connection))
        for completion in batch {
            switch completion.action {
            case .done, .reschedule:
                continue
            case .fail(let error):
                if let failed = try JobStore.markFailed(completion.lease, error: error, worker: workerID, on: connection) {
                    finished.append(failed)
                    written += 1
                }
            }
        }
        let released = try JobStore.releaseSequences(Set(finished.compactMap(\.sequenceKey)), on: connection)
        JobQueue.announceAfterCommit(kinds: released, on: connection)
        if written < batch.count {
            logger.warning("some finished jobs were no longer leased to this worker (rescued after a lost lease)",
                           metadata: ["lost": "\(batch.count - written)"])
        }
    }
}

import Postgres

/// Enqueueing: the part of the queue the rest of the service calls, always on the caller's connection so a
/// job exists if and only if the transaction that wanted it commits; workers hear of it after that commit.
public enum JobQueue {
    /// Inserts `job` on `connection` (inside the caller's transaction, if one is open).
    ///
    /// - Returns: the new job's id, or nil when a job of the same kind with the same unique key is already
    ///   pending or running.
    @discardableResult
    public static func enqueue(_ job: NewJob, on connection: PostgresConnection) throws -> Int64? {
        try validate(job)
        guard let inserted = try JobStore.insert(job, on: connection) else { return nil }
        if inserted.runsNow { announceAfterCommit(kinds: [job.kind], on: connection) }
        return inserted.id
    }

    /// Inserts `job` with the caller's COMMIT, in its round trip (`PostgresConnection.atCommit`): for a job whose
    /// id the caller does not need and that nothing in its transaction looks for, such as a reply to an update.
    /// Such jobs are inserted after everything else the transaction did, in the order enqueued; outside a
    /// transaction, at once.
    public static func enqueueAtCommit(_ job: NewJob, on connection: PostgresConnection) throws {
        try validate(job)
        let database = connection.databaseIdentity
        try connection.atCommit(JobStore.insertStatement(job)) { rows in
            // Undecodable here means no announcement; the workers' poll finds the job all the same.
            guard (try? JobStore.inserted(rows))??.runsNow == true else { return }
            Announcer.shared.announce(kind: job.kind, database: database)
        }
    }

    private static func validate(_ job: NewJob) throws {
        if let maxAttempts = job.maxAttempts, maxAttempts < 1 {
            throw JobQueueError.invalidJob("maxAttempts must be at least 1, got \(maxAttempts)")
        }
    }

    /// Wakes the workers for `kinds` once the caller's transaction commits (see `Announcer`).
    static func announceAfterCommit(kinds: Set<String>, on connection: PostgresConnection) {
        guard !kinds.isEmpty else { return }
        let database = connection.databaseIdentity
        connection.afterCommit {
            for kind in kinds { Announcer.shared.announce(kind: kind, database: database) }
        }
    }

    /// Jobs with `sequenceKey` still to run (pending or running), counted up to `limit`: enough to enforce a cap
    /// without walking a long backlog.
    public static func pendingCount(sequenceKey: String, upTo limit: Int,
                                    on connection: PostgresConnection) throws -> Int {
        try JobStore.pendingCount(sequenceKey: sequenceKey, limit: limit, on: connection)
    }
}

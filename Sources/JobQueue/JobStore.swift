import Foundation
import Postgres
import Timekeeping

/// Every statement the queue runs, each a named operation (River's driver idea): the rest of the module never
/// holds SQL. Each one is a single short statement; none keeps a transaction open across a job's work.
/// Times come from the database's clock so several hosts agree on what is due and what has expired.
enum JobStore {
    /// The NOTIFY channel that announces due jobs; the payload is the job's kind.
    static let availableChannel = "jobqueue_available"

    // MARK: Enqueueing

    /// A job with a sequence key waits when a job of its sequence is still pending or running. The latest such job
    /// is locked `FOR SHARE` until this transaction ends, so the one finishing it (`releaseSequences`) cannot miss
    /// the new job: either it sees it committed, or this insert sees it finished and does not wait.
    /// Returns the new job's id and whether it may run now (due and first in its sequence), or nil for a duplicate.
    static func insert(_ job: NewJob, on connection: PostgresConnection) throws -> (id: Int64, runsNow: Bool)? {
        let statement = insertStatement(job)
        return try inserted(connection.query(statement.sql, statement.parameters))
    }

    static func insertStatement(_ job: NewJob) -> PostgresStatement {
        PostgresStatement("""
            WITH predecessor AS (
                SELECT id FROM jobs
                WHERE $7::text IS NOT NULL AND sequence_key = $7 AND state IN ('available', 'running')
                ORDER BY id DESC
                LIMIT 1
                FOR SHARE
            )
            INSERT INTO jobs (kind, payload, unique_key, priority, run_at, max_attempts, sequence_key, waits_in_sequence)
            VALUES ($1, $2::jsonb, $3, $4, COALESCE($5, now()), $6, $7, EXISTS (SELECT 1 FROM predecessor))
            ON CONFLICT (kind, unique_key) WHERE unique_key IS NOT NULL AND state IN ('available', 'running')
            DO NOTHING
            RETURNING id, run_at <= now() AND NOT waits_in_sequence AS runs_now
            """, [job.kind, String(decoding: job.payload, as: UTF8.self), job.uniqueKey, job.priority, job.runAt,
                  job.maxAttempts, job.sequenceKey])
    }

    /// What `insertStatement` returned: nil for a duplicate.
    static func inserted(_ rows: [PostgresRow]) throws -> (id: Int64, runsNow: Bool)? {
        try rows.first.map { (id: try $0.decode("id"), runsNow: try $0.decode("runs_now")) }
    }

    /// Walks the partial sequence index only, at most `limit` entries.
    static func pendingCount(sequenceKey: String, limit: Int, on connection: PostgresConnection) throws -> Int {
        try connection.query("""
            SELECT count(*)::int AS n FROM (
                SELECT 1 FROM jobs WHERE sequence_key = $1 AND state IN ('available', 'running') LIMIT $2) pending
            """, [sequenceKey, limit]).first?.decode("n", as: Int.self) ?? 0
    }

    // MARK: Claiming and finishing

    /// Parameters: kinds (text[]), limit, worker id, lease in seconds. Walks `jobs_claimable`, which holds only
    /// jobs free to run now or later: never those waiting behind another of their sequence.
    static let claimStatement = """
        WITH claimable AS (
            SELECT id FROM jobs
            WHERE state = 'available' AND NOT waits_in_sequence AND run_at <= now() AND kind = ANY($1::text[])
            ORDER BY priority DESC, run_at, id
            LIMIT $2
            FOR UPDATE SKIP LOCKED
        )
        UPDATE jobs
        SET state = 'running', attempt = jobs.attempt + 1, worker_id = $3, attempted_at = now(),
            leased_until = now() + make_interval(secs => $4)
        FROM claimable
        WHERE jobs.id = claimable.id
        RETURNING jobs.id, jobs.kind, jobs.payload::text AS payload, jobs.attempt, jobs.max_attempts,
                  jobs.unique_key, jobs.priority, jobs.created_at, jobs.run_at, jobs.last_error,
                  jobs.rescued_count,
                  extract(epoch FROM clock_timestamp() - jobs.run_at)::float8 AS waited_seconds
        """

    /// A queue's statistics are always stale, since it fills and drains within seconds: left to estimates of a few
    /// rows, the planner read every due job and sorted them (8 ms with 7,000 due, in bench/webhook) instead of
    /// walking `jobs_claimable` in order and stopping after `limit`. For the claim's transaction only.
    static let claimPlannerSettings = """
        SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true),
               set_config('enable_sort', 'off', true)
        """

    /// Leases up to `limit` due jobs of the given kinds to `worker`, most urgent first.
    /// `maxAttempts` gives the limit for jobs enqueued without their own.
    static func claim(kinds: [String], limit: Int, worker: UUID, lease: Duration,
                      maxAttempts: (String) -> Int, on connection: PostgresConnection) throws -> [ClaimedJob] {
        let rows = try connection.transaction { transaction in
            _ = try transaction.query(claimPlannerSettings)
            return try transaction.query(claimStatement, [SQLArray.text(kinds), limit, worker, lease.seconds])
        }
        let claimedAt = ContinuousClock.now
        let claimed = try rows.map { row in
            let kind = try row.decode("kind", as: String.self)
            let job = Job(
                id: try row.decode("id"), kind: kind,
                payload: Array(try row.decode("payload", as: String.self).utf8),
                attempt: try row.decode("attempt"),
                maxAttempts: try row.decode("max_attempts", as: Int?.self) ?? maxAttempts(kind),
                uniqueKey: try row.decode("unique_key"), priority: try row.decode("priority"),
                createdAt: try row.decode("created_at"), runAt: try row.decode("run_at"),
                lastError: try row.decode("last_error"), rescuedCount: try row.decode("rescued_count"))
            let waited = max(0, try row.decode("waited_seconds", as: Double.self))
            return ClaimedJob(job: job, waitedBeforeClaim: .seconds(waited), claimedAt: claimedAt)
        }
        // RETURNING does not keep the subquery's order.
        return claimed.sorted { a, b in
            if a.job.priority != b.job.priority { return a.job.priority > b.job.priority }
            return a.job.runAt != b.job.runAt ? a.job.runAt < b.job.runAt : a.job.id < b.job.id
        }
    }

    /// Marks jobs done in one statement; returns those still leased to `worker` (the rest were lost).
    static func markDone(_ leases: [JobLease], worker: UUID, on connection: PostgresConnection) throws -> [FinishedJob] {
        try connection.query("""
            UPDATE jobs SET state = 'done', finished_at = now(), leased_until = NULL
            FROM unnest($1::bigint[], $2::integer[]) AS finished(id, attempt)
            WHERE jobs.id = finished.id AND jobs.attempt = finished.attempt
              AND jobs.state = 'running' AND jobs.worker_id = $3
            RETURNING jobs.sequence_key
            """, [SQLArray.int64(leases.map(\.id)), SQLArray.int64(leases.map { Int64($0.attempt) }), worker])
            .map { FinishedJob(sequenceKey: try $0.decode("sequence_key")) }
    }

    /// Lets the next job of each sequence run, once the ones before it finished; returns the kinds of those due
    /// now. Runs as its own statement after the jobs were marked finished, so it sees every job inserted behind
    /// them (see `insert`).
    static func releaseSequences(_ keys: Set<String>, on connection: PostgresConnection) throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        let rows = try connection.query("""
            WITH heads AS (
                SELECT head.id FROM unnest($1::text[]) AS released(key)
                CROSS JOIN LATERAL (
                    SELECT id FROM jobs
                    WHERE sequence_key = released.key AND state IN ('available', 'running')
                    ORDER BY id
                    LIMIT 1) head
            )
            UPDATE jobs SET waits_in_sequence = false
            FROM heads
            WHERE jobs.id = heads.id AND jobs.waits_in_sequence
            RETURNING jobs.kind, jobs.run_at <= now() AS due
            """, [SQLArray.text(keys.sorted())])
        return Set(try rows.filter { try $0.decode("due", as: Bool.self) }.map { try $0.decode("kind", as: String.self) })
    }

    /// Makes jobs available again, each after its delay and keeping its error, in one statement; returns how many
    /// were still leased to `worker`. A snooze gives its attempt back.
    static func reschedule(_ jobs: [RescheduledJob], worker: UUID, on connection: PostgresConnection) throws -> Int {
        guard !jobs.isEmpty else { return 0 }
        return try connection.execute("""
            UPDATE jobs
            SET state = 'available', run_at = now() + make_interval(secs => later.delay), leased_until = NULL,
                attempt = CASE WHEN later.spends_attempt THEN jobs.attempt ELSE jobs.attempt - 1 END,
                last_error = COALESCE(later.error, jobs.last_error)
            FROM unnest($1::bigint[], $2::integer[], $3::float8[], $4::boolean[], $5::text[])
                AS later(id, attempt, delay, spends_attempt, error)
            WHERE jobs.id = later.id AND jobs.attempt = later.attempt AND jobs.state = 'running' AND jobs.worker_id = $6
            """, [SQLArray.int64(jobs.map(\.lease.id)), SQLArray.int64(jobs.map { Int64($0.lease.attempt) }),
                  SQLArray.float8(jobs.map(\.delay.seconds)), SQLArray.bool(jobs.map(\.spendsAttempt)),
                  SQLArray.text(jobs.map(\.error)), worker])
    }

    /// Nil when the job was no longer leased to `worker`.
    static func markFailed(_ lease: JobLease, error: String, worker: UUID,
                           on connection: PostgresConnection) throws -> FinishedJob? {
        try connection.query("""
            UPDATE jobs SET state = 'failed', finished_at = now(), leased_until = NULL, last_error = $3
            WHERE id = $1 AND attempt = $2 AND state = 'running' AND worker_id = $4
            RETURNING sequence_key
            """, [lease.id, lease.attempt, error, worker]).first.map { FinishedJob(sequenceKey: try $0.decode("sequence_key")) }
    }

    /// Returns jobs this worker claimed but will not run (it is stopping) to the queue as if never claimed.
    static func handBack(_ leases: [JobLease], worker: UUID, on connection: PostgresConnection) throws -> Int {
        guard !leases.isEmpty else { return 0 }
        let count = try connection.execute("""
            UPDATE jobs SET state = 'available', attempt = jobs.attempt - 1, leased_until = NULL, worker_id = NULL
            FROM unnest($1::bigint[], $2::integer[]) AS returned(id, attempt)
            WHERE jobs.id = returned.id AND jobs.attempt = returned.attempt
              AND jobs.state = 'running' AND jobs.worker_id = $3
            """, [SQLArray.int64(leases.map(\.id)), SQLArray.int64(leases.map { Int64($0.attempt) }), worker])
        if count > 0 { try notifyAvailable(on: connection) }
        return count
    }

    /// Pushes the leases of jobs still in this worker's hands `lease` into the future; returns the ids renewed.
    static func renewLeases(_ leases: [JobLease], lease: Duration, worker: UUID,
                            on connection: PostgresConnection) throws -> Set<Int64> {
        let rows = try connection.query("""
            UPDATE jobs SET leased_until = now() + make_interval(secs => $3)
            FROM unnest($1::bigint[], $2::integer[]) AS held(id, attempt)
            WHERE jobs.id = held.id AND jobs.attempt = held.attempt
              AND jobs.state = 'running' AND jobs.worker_id = $4
            RETURNING jobs.id
            """, [SQLArray.int64(leases.map(\.id)), SQLArray.int64(leases.map { Int64($0.attempt) }),
                  lease.seconds, worker])
        return Set(try rows.map { try $0.decode("id", as: Int64.self) })
    }

    // MARK: Maintenance

    /// Returns up to `limit` running jobs whose lease has expired (their worker died or hung) to the queue.
    static func rescueExpired(limit: Int, on connection: PostgresConnection) throws -> [(id: Int64, kind: String)] {
        let rows = try connection.query("""
            WITH expired AS (
                SELECT id FROM jobs
                WHERE state = 'running' AND leased_until < now()
                ORDER BY leased_until
                LIMIT $1
                FOR UPDATE SKIP LOCKED
            )
            UPDATE jobs
            SET state = 'available', run_at = now(), leased_until = NULL,
                rescued_count = jobs.rescued_count + 1,
                last_error = 'lease expired: worker ' || COALESCE(jobs.worker_id::text, '?') || ' stopped renewing it'
            FROM expired
            WHERE jobs.id = expired.id
            RETURNING jobs.id, jobs.kind
            """, [limit])
        let rescued = try rows.map { (id: try $0.decode("id", as: Int64.self), kind: try $0.decode("kind", as: String.self)) }
        if !rescued.isEmpty { try notifyAvailable(on: connection) }
        return rescued
    }

    /// Deletes up to `limit` jobs that finished (done or failed) more than `age` ago.
    static func pruneFinished(olderThan age: Duration, limit: Int, on connection: PostgresConnection) throws -> Int {
        try connection.execute("""
            DELETE FROM jobs WHERE id IN (
                SELECT id FROM jobs
                WHERE state IN ('done', 'failed') AND finished_at < now() - make_interval(secs => $1)
                LIMIT $2
                FOR UPDATE SKIP LOCKED)
            """, [age.seconds, limit])
    }

    static func countByState(on connection: PostgresConnection) throws -> [String: Int] {
        let rows = try connection.query("SELECT state, count(*) AS jobs FROM jobs GROUP BY state", [])
        return Dictionary(try rows.map { (try $0.decode("state", as: String.self), try $0.decode("jobs", as: Int.self)) },
                          uniquingKeysWith: +)
    }

    /// Wakes listening workers; an empty payload means "any kind".
    static func notifyAvailable(on connection: PostgresConnection) throws {
        _ = try connection.query("SELECT pg_notify($1, '')", [availableChannel])
    }

    // MARK: Worker processes

    static func registerProcess(id: UUID, hostname: String, pid: Int, workers: Int,
                                on connection: PostgresConnection) throws {
        _ = try connection.execute("""
            INSERT INTO worker_processes (id, hostname, pid, workers) VALUES ($1, $2, $3, $4)
            """, [id, hostname, pid, workers])
    }

    static func recordProcessHeartbeat(id: UUID, on connection: PostgresConnection) throws {
        _ = try connection.execute("UPDATE worker_processes SET heartbeat_at = now() WHERE id = $1", [id])
    }

    static func markProcessStopped(id: UUID, on connection: PostgresConnection) throws {
        _ = try connection.execute("UPDATE worker_processes SET stopped_at = now(), heartbeat_at = now() WHERE id = $1", [id])
    }

    /// Whether a process other than `id` runs a worker pool: registered, not stopped, heard from within `age`.
    static func otherProcessesRunning(besides id: UUID, heardWithin age: Duration,
                                      on connection: PostgresConnection) throws -> Bool {
        try connection.query("""
            SELECT EXISTS (SELECT 1 FROM worker_processes
                           WHERE id <> $1 AND stopped_at IS NULL
                             AND heartbeat_at > now() - make_interval(secs => $2)) AS running
            """, [id, age.seconds]).first?.decode("running", as: Bool.self) ?? true
    }

    /// Forgets processes that stopped, or stopped heartbeating, more than `age` ago.
    static func pruneProcesses(silentFor age: Duration, on connection: PostgresConnection) throws -> Int {
        try connection.execute("""
            DELETE FROM worker_processes WHERE heartbeat_at < now() - make_interval(secs => $1)
            """, [age.seconds])
    }
}

/// A job as claimed, with what the worker needs to time it.
struct ClaimedJob: Sendable {
    let job: Job
    /// From the moment it became due to the claim, by the database's clock.
    let waitedBeforeClaim: Duration
    let claimedAt: ContinuousClock.Instant

    var lease: JobLease { JobLease(id: job.id, attempt: job.attempt) }
}

/// A job this worker marked done or failed; its sequence, if any, may now let the next job run.
struct FinishedJob {
    let sequenceKey: String?
}

/// Identifies one claim of one job: a late completion from an earlier claim (its lease was lost and the job
/// rescued) must not touch the current one.
struct JobLease: Hashable, Sendable {
    let id: Int64
    let attempt: Int
}

/// A run to try again later (a retry spends its attempt, a snooze does not).
struct RescheduledJob {
    let lease: JobLease
    let delay: Duration
    let error: String?
    let spendsAttempt: Bool
}

/// PostgreSQL array literals, sent as text and cast in the statement (the driver sends scalars only).
enum SQLArray {
    static func int64(_ values: [Int64]) -> String {
        "{" + values.map(String.init).joined(separator: ",") + "}"
    }

    static func float8(_ values: [Double]) -> String {
        "{" + values.map { String($0) }.joined(separator: ",") + "}"
    }

    static func bool(_ values: [Bool]) -> String {
        "{" + values.map { $0 ? "t" : "f" }.joined(separator: ",") + "}"
    }

    /// Nil is the array's NULL.
    static func text(_ values: [String?]) -> String {
        let quoted = values.map { value in
            value.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
                ?? "NULL"
        }
        return "{" + quoted.joined(separator: ",") + "}"
    }
}

import Postgres

extension JobQueue {
    /// The queue's schema, applied by `Migrator` under the component "jobqueue".
    public static let migrations: [Migration] = [
        Migration(component: "jobqueue", version: 1, name: "jobs and worker processes", sql: createJobsAndProcesses),
        Migration(component: "jobqueue", version: 2, name: "sequence keys", sql: addSequenceKeys),
        Migration(component: "jobqueue", version: 3, name: "waiting in sequence", sql: addWaitsInSequence),
        Migration(component: "jobqueue", version: 4, name: "announced after commit", sql: dropInsertNotification),
    ]

    /// New jobs are announced after their transaction commits (`Announcer`), never by a NOTIFY inside it.
    private static let dropInsertNotification = """
        DROP TRIGGER jobs_notify_available ON jobs;
        DROP FUNCTION jobs_notify_available();
        """

    /// Only the head of a sequence is claimable: the rest wait, flagged, outside the claim index, so a claim never
    /// walks a chat's backlog. The flag is set at insert and cleared when the predecessor finishes (JobStore).
    private static let addWaitsInSequence = """
        ALTER TABLE jobs ADD COLUMN waits_in_sequence boolean NOT NULL DEFAULT false;
        UPDATE jobs SET waits_in_sequence = true
        WHERE state = 'available' AND sequence_key IS NOT NULL AND EXISTS (
            SELECT 1 FROM jobs earlier
            WHERE earlier.sequence_key = jobs.sequence_key AND earlier.id < jobs.id
              AND earlier.state IN ('available', 'running'));
        DROP INDEX jobs_claimable;
        CREATE INDEX jobs_claimable ON jobs (priority DESC, run_at, id)
            WHERE state = 'available' AND NOT waits_in_sequence;
        """

    /// A job with a sequence key waits while an earlier job with the same key is pending or running.
    private static let addSequenceKeys = """
        ALTER TABLE jobs ADD COLUMN sequence_key text;
        CREATE INDEX jobs_sequence ON jobs (sequence_key, id)
            WHERE sequence_key IS NOT NULL AND state IN ('available', 'running');
        """

    /// `jobs` keeps finished rows only until the pruner removes them, so every index stays small; the partial
    /// indexes cover exactly the rows each operation looks at (available for claims, running for rescues,
    /// finished for pruning, pending or running for unique keys).
    private static let createJobsAndProcesses = """
        CREATE TABLE jobs (
            id            bigserial   PRIMARY KEY,
            kind          text        NOT NULL CHECK (length(kind) BETWEEN 1 AND 200),
            payload       jsonb       NOT NULL,
            state         text        NOT NULL DEFAULT 'available'
                                      CHECK (state IN ('available', 'running', 'done', 'failed')),
            priority      integer     NOT NULL DEFAULT 0,
            run_at        timestamptz NOT NULL DEFAULT now(),
            attempt       integer     NOT NULL DEFAULT 0,
            -- NULL: the worker pool's setting for the kind decides.
            max_attempts  integer     CHECK (max_attempts > 0),
            unique_key    text,
            worker_id     uuid,
            leased_until  timestamptz,
            attempted_at  timestamptz,
            finished_at   timestamptz,
            rescued_count integer     NOT NULL DEFAULT 0,
            last_error    text,
            created_at    timestamptz NOT NULL DEFAULT now()
        );

        CREATE UNIQUE INDEX jobs_unique_key_active ON jobs (kind, unique_key)
            WHERE unique_key IS NOT NULL AND state IN ('available', 'running');
        CREATE INDEX jobs_claimable ON jobs (priority DESC, run_at, id) WHERE state = 'available';
        CREATE INDEX jobs_leased ON jobs (leased_until) WHERE state = 'running';
        CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state IN ('done', 'failed');

        -- Wakes idle workers the moment a job that is due now commits; identical notifications in one
        -- transaction are folded into one by PostgreSQL, so a batch insert sends one per kind.
        CREATE FUNCTION jobs_notify_available() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.run_at <= now() THEN
                PERFORM pg_notify('jobqueue_available', NEW.kind);
            END IF;
            RETURN NULL;
        END
        $$;
        CREATE TRIGGER jobs_notify_available AFTER INSERT ON jobs
            FOR EACH ROW EXECUTE FUNCTION jobs_notify_available();

        CREATE TABLE worker_processes (
            id           uuid        PRIMARY KEY,
            hostname     text        NOT NULL,
            pid          integer     NOT NULL,
            workers      integer     NOT NULL,
            started_at   timestamptz NOT NULL DEFAULT now(),
            heartbeat_at timestamptz NOT NULL DEFAULT now(),
            stopped_at   timestamptz
        );
        """
}

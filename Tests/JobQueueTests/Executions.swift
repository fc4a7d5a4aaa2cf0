/// The table test handlers (here and in the queue-worker-fixture process) record every run in, so tests can
/// count how many times each job actually ran, in which process.
enum Executions {
    static let createTable = """
        CREATE TABLE IF NOT EXISTS executions (
            job_id  bigint      NOT NULL,
            attempt integer     NOT NULL,
            process text        NOT NULL,
            at      timestamptz NOT NULL DEFAULT clock_timestamp()
        )
        """

    static let insert = "INSERT INTO executions (job_id, attempt, process) VALUES ($1, $2, $3)"
}

/// How a handler's run of a job ended.
public enum JobOutcome: Sendable, Equatable {
    /// Finished; the job is kept (state `done`) until the pruner removes it.
    case done
    /// Run it again later: after `after` (e.g. Telegram's `retry_after`), or after the pool's backoff when nil.
    /// Spends an attempt; on the last attempt it becomes `.fail(error)`.
    case retry(after: Duration?, error: String)
    /// Run it again after the delay without spending an attempt (a rate limit, not a failure).
    case snooze(Duration)
    /// Give up for good, keeping the error.
    case fail(String)
}

/// What becomes of a job after its run: the handler's outcome resolved against the job's attempts and the
/// pool's retry policy, ready for the completer to write.
struct Completion: Sendable {
    enum Action: Sendable, Equatable {
        case done
        case reschedule(after: Duration, error: String?, spendsAttempt: Bool)
        case fail(String)
    }

    /// Errors are kept for operators, but bounded: a handler may throw an entire response body.
    static let maxErrorLength = 2000

    let lease: JobLease
    let kind: String
    let action: Action

    /// The label of `jobqueue_jobs_total`'s outcome dimension.
    let outcomeLabel: String

    init(job: Job, outcome: JobOutcome, retryPolicy: RetryPolicy) {
        lease = JobLease(id: job.id, attempt: job.attempt)
        kind = job.kind
        switch outcome {
        case .done:
            action = .done
            outcomeLabel = "done"
        case .retry(let delay, let error) where job.attempt < job.maxAttempts:
            action = .reschedule(after: max(.zero, delay ?? retryPolicy.delay(afterAttempt: job.attempt)),
                                 error: Self.bounded(error), spendsAttempt: true)
            outcomeLabel = "retry"
        case .retry(_, let error):
            action = .fail(Self.bounded(error))
            outcomeLabel = "failed"
        case .snooze(let delay):
            action = .reschedule(after: max(.zero, delay), error: nil, spendsAttempt: false)
            outcomeLabel = "snooze"
        case .fail(let error):
            action = .fail(Self.bounded(error))
            outcomeLabel = "failed"
        }
    }

    /// PostgreSQL text cannot hold NUL; a handler's error message might (it may quote a response body).
    private static func bounded(_ error: String) -> String {
        let text = error.contains("\u{0}") ? error.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : error
        return text.count <= maxErrorLength ? text : String(text.prefix(maxErrorLength)) + "…"
    }
}

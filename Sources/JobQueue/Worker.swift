import Logging
import Timekeeping

/// One worker thread's loop: take a claimed job, run its handler, pass the outcome to the completer.
struct Worker: Sendable {
    let name: String
    let handlers: [String: JobHandler]
    let retryPolicy: RetryPolicy
    let dispatch: JobDispatch
    let completer: Completer
    let metrics: QueueMetrics
    let logger: Logger

    func run() {
        while let claimed = dispatch.nextJob() {
            process(claimed)
            dispatch.finished()
        }
    }

    private func process(_ claimed: ClaimedJob) {
        let job = claimed.job
        let started = ContinuousClock.now
        metrics.recordStart(kind: job.kind, waited: claimed.waitedBeforeClaim + (started - claimed.claimedAt))
        let outcome = run(job)
        let completion = Completion(job: job, outcome: outcome, retryPolicy: retryPolicy)
        let duration = ContinuousClock.now - started
        metrics.recordFinish(kind: job.kind, outcome: completion.outcomeLabel, runDuration: duration)
        log(job, completion, duration)
        completer.submit(completion)
    }

    private func run(_ job: Job) -> JobOutcome {
        if job.attempt > job.maxAttempts {
            // Rescued after its worker died during the last attempt: nothing left to spend.
            return .fail(job.lastError ?? "no attempts left")
        }
        guard let handler = handlers[job.kind] else {
            // Claims ask only for kinds with handlers; this is the guard for a mistake there.
            return .fail("no handler for kind \(job.kind)")
        }
        do {
            return try handler(job)
        } catch {
            return .retry(after: nil, error: String(describing: error))
        }
    }

    private func log(_ job: Job, _ completion: Completion, _ duration: Duration) {
        var metadata: Logger.Metadata = [
            "job": "\(job.id)", "kind": "\(job.kind)", "attempt": "\(job.attempt)", "worker": "\(name)",
            "outcome": "\(completion.outcomeLabel)", "duration_ms": "\(Int(duration.seconds * 1000))",
        ]
        switch completion.action {
        case .done:
            logger.debug("job finished", metadata: metadata)
        case .reschedule(let delay, let error, _):
            metadata["delay_s"] = "\(delay.seconds)"
            if let error { metadata["error"] = "\(error)" }
            logger.info("job rescheduled", metadata: metadata)
        case .fail(let error):
            metadata["error"] = "\(error)"
            logger.error("job failed for good", metadata: metadata)
        }
    }
}

import Metrics
import Timekeeping

/// The queue's metrics, by kind: what operators graph and alert on.
///
/// - `jobqueue_jobs_total{kind, outcome}`: finished runs; outcome is done, retry, snooze or failed.
/// - `jobqueue_claim_to_start_seconds{kind}`: from the moment a job was due to its handler starting.
/// - `jobqueue_run_duration_seconds{kind}`: the handler's run.
/// - `jobqueue_rescued_total{kind}`: jobs returned to the queue after their worker lost the lease.
/// - `jobqueue_leases_lost_total`: running jobs whose lease this process found gone when renewing.
/// - `jobqueue_jobs{state}`: jobs in the table by state, refreshed periodically.
final class QueueMetrics: Sendable {
    static let outcomes = ["done", "retry", "snooze", "failed"]
    static let states = ["available", "running", "done", "failed"]

    private struct KindMetrics {
        let outcomes: [String: Counter]
        let claimToStart: Timer
        let runDuration: Timer
        let rescued: Counter
    }

    private let byKind = Locked<[String: KindMetrics]>([:])
    private let leasesLost = Counter(label: "jobqueue_leases_lost_total")
    private let jobsByState: [String: Gauge] = Dictionary(uniqueKeysWithValues: QueueMetrics.states.map {
        ($0, Gauge(label: "jobqueue_jobs", dimensions: [("state", $0)]))
    })

    func recordStart(kind: String, waited: Duration) {
        metrics(for: kind).claimToStart.recordNanoseconds(max(0, waited.nanoseconds))
    }

    func recordFinish(kind: String, outcome: String, runDuration: Duration) {
        let metrics = metrics(for: kind)
        metrics.runDuration.recordNanoseconds(max(0, runDuration.nanoseconds))
        metrics.outcomes[outcome]?.increment()
    }

    func recordRescued(kind: String) {
        metrics(for: kind).rescued.increment()
    }

    func recordLeasesLost(_ count: Int) {
        leasesLost.increment(by: count)
    }

    func recordJobsByState(_ counts: [String: Int]) {
        for (state, gauge) in jobsByState {
            gauge.record(counts[state] ?? 0)
        }
    }

    private func metrics(for kind: String) -> KindMetrics {
        byKind.withLock { cache in
            if let cached = cache[kind] { return cached }
            let created = KindMetrics(
                outcomes: Dictionary(uniqueKeysWithValues: Self.outcomes.map {
                    ($0, Counter(label: "jobqueue_jobs_total", dimensions: [("kind", kind), ("outcome", $0)]))
                }),
                claimToStart: Timer(label: "jobqueue_claim_to_start_seconds", dimensions: [("kind", kind)],
                                    preferredDisplayUnit: .seconds),
                runDuration: Timer(label: "jobqueue_run_duration_seconds", dimensions: [("kind", kind)],
                                   preferredDisplayUnit: .seconds),
                rescued: Counter(label: "jobqueue_rescued_total", dimensions: [("kind", kind)]))
            cache[kind] = created
            return created
        }
    }
}

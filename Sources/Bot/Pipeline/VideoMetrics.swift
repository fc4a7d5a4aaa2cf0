import Domain
import Metrics

/// What operators alert on: how videos end (delivered, failed by class, cancelled, refunded though perhaps
/// delivered) and how KIE refuses new tasks.
/// Counted when the state change is written; a transaction rolled back afterwards (rare) is still counted.
enum VideoMetrics {
    static func finished(_ state: VideoState, failureClass: FailureClass? = nil, count: Int = 1) {
        guard count > 0 else { return }
        Counter(label: "videos_finished_total",
                dimensions: [("state", state.rawValue), ("class", failureClass?.rawValue ?? "none")])
            .increment(by: count)
    }

    /// Refunds of videos that may have reached the chat all the same (`FailureReason.deliveryUncertain`).
    static func deliveryUncertain() {
        Counter(label: "videos_delivery_uncertain_total").increment()
    }

    /// Result URLs refused before any fetch (`ResultURLRefusal`), by reason.
    static func resultRefused(_ reason: ResultURLRefusal.Reason) {
        Counter(label: "kie_results_refused_total", dimensions: [("reason", reason.metricLabel)]).increment()
    }

    /// Videos the sweeper found without a live job or past their deadline, by what it did with them.
    static func stranded(_ outcome: String) {
        Counter(label: "videos_stranded_total", dimensions: [("outcome", outcome)]).increment()
    }

    static func taskRefused(_ failureClass: FailureClass) {
        Counter(label: "kie_create_errors_total", dimensions: [("class", failureClass.rawValue)]).increment()
    }
}

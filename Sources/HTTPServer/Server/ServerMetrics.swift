import Metrics
import Synchronization

/// The server's metrics. Metric objects are cached per (route, method, status) so the hot path takes one
/// short lock instead of the metrics factory's lock for every request.
final class ServerMetrics: Sendable {
    static let unmatchedRoute = "unmatched"

    private struct RequestKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private let counters = Mutex<[RequestKey: Counter]>([:])
    private let timers = Mutex<[String: Metrics.Timer]>([:])
    private let openConnectionsGauge = Gauge(label: "http_open_connections")

    func recordRequest(route: String, method: HTTPMethod, status: Int, durationNanoseconds: UInt64) {
        // Methods outside the known set are folded together so a client cannot mint new series.
        let key = RequestKey(route: route, method: method.isWellKnown ? method.rawValue : "other", status: status)
        let counter = counters.withLock { cache in
            if let counter = cache[key] { return counter }
            let counter = Counter(label: "http_requests_total", dimensions: [
                ("method", key.method), ("route", key.route), ("status", String(key.status)),
            ])
            cache[key] = counter
            return counter
        }
        counter.increment()
        let timer = timers.withLock { cache in
            if let timer = cache[route] { return timer }
            let timer = Metrics.Timer(label: "http_request_duration_seconds", dimensions: [("route", route)])
            cache[route] = timer
            return timer
        }
        timer.recordNanoseconds(Int64(clamping: durationNanoseconds))
    }

    func recordOpenConnections(_ count: Int) {
        openConnectionsGauge.record(count)
    }
}

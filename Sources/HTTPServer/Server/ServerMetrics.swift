import Metrics

/// The server's metrics. Metric objects are cached per thread and per (route, method, status), so the
/// hot path neither takes the metrics factory's lock nor contends on a shared cache.
final class ServerMetrics: Sendable {
    static let unmatchedRoute = "unmatched"
    /// Stands for a method not known at all, as when the request line could not be parsed.
    static let otherMethod = HTTPMethod(rawValue: "other")

    private let openConnectionsGauge = Gauge(label: "http_open_connections")

    func recordRequest(route: String, method: HTTPMethod, status: Int, durationNanoseconds: UInt64) {
        // Methods outside the known set are folded together so a client cannot mint new series.
        let key = RequestMetricKey(route: route, method: method.isWellKnown ? method.rawValue : "other", status: status)
        let cache = ThreadLocalCache.current
        let counter: Counter
        if let cached = cache.counters[key] {
            counter = cached
        } else {
            counter = Counter(label: "http_requests_total", dimensions: [
                ("method", key.method), ("route", key.route), ("status", String(key.status)),
            ])
            cache.counters[key] = counter
        }
        counter.increment()
        let timer: Metrics.Timer
        if let cached = cache.timers[route] {
            timer = cached
        } else {
            timer = Metrics.Timer(label: "http_request_duration_seconds", dimensions: [("route", route)])
            cache.timers[route] = timer
        }
        timer.recordNanoseconds(Int64(clamping: durationNanoseconds))
    }

    func recordOpenConnections(_ count: Int) {
        openConnectionsGauge.record(count)
    }
}

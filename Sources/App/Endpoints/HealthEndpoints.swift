import HTTPServer

/// The operator's endpoints: liveness, readiness and the Prometheus exposition.
enum HealthEndpoints {
    static func register(on router: Router, readiness: Readiness, metrics: PrometheusMetrics) {
        router.get("/healthz") { _ in .text("ok\n") }
        router.get("/readyz") { _ in
            switch readiness.check() {
            case .ready: .text("ready\n")
            case .notReady(let reason): .text("not ready: \(reason)\n", status: .serviceUnavailable)
            }
        }
        router.get("/metrics") { _ in
            var response = HTTPResponse(body: metrics.exposition())
            response.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            return response
        }
    }
}

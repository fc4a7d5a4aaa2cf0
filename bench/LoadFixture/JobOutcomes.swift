import App
import Foundation

/// What the job queue did, read from the service's own Prometheus series: runs by kind and outcome
/// (`jobqueue_jobs_total`; snoozes are waits on rate limits), and per kind the time from due to start
/// (`jobqueue_claim_to_start_seconds`) and the handler's run (`jobqueue_run_duration_seconds`), as bucket bounds.
enum JobOutcomes {
    private struct Histogram {
        var buckets: [(bound: Double, count: Double)] = []
        var sum = 0.0
        var count = 0.0

        /// The upper bound of the bucket holding the `fraction` quantile.
        func quantile(_ fraction: Double) -> Double? {
            guard count > 0 else { return nil }
            return buckets.sorted { $0.bound < $1.bound }.first { $0.count >= fraction * count }?.bound
        }
    }

    static func lines(_ metrics: PrometheusMetrics) -> [String] {
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        var outcomes: [String: [String: Int]] = [:]
        var claim: [String: Histogram] = [:]
        var run: [String: Histogram] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("jobqueue_") {
            guard let kind = label("kind", in: line), let value = line.split(separator: " ").last.flatMap({ Double($0) })
            else { continue }
            if line.hasPrefix("jobqueue_jobs_total{"), let outcome = label("outcome", in: line), value > 0 {
                outcomes[kind, default: [:]][outcome, default: 0] += Int(value)
            } else if line.hasPrefix("jobqueue_claim_to_start_seconds") {
                add(line, value, to: &claim[kind, default: Histogram()])
            } else if line.hasPrefix("jobqueue_run_duration_seconds") {
                add(line, value, to: &run[kind, default: Histogram()])
            }
        }
        func bounds(_ histogram: Histogram?) -> String {
            guard let histogram, let p50 = histogram.quantile(0.5), let p99 = histogram.quantile(0.99) else { return "-" }
            return "p50 <= \(format(p50)), p99 <= \(format(p99))"
        }
        return outcomes.keys.sorted().map { kind in
            let counts = outcomes[kind, default: [:]].sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            return "  jobs \(kind): " + counts.joined(separator: ", ")
                + "; due -> start \(bounds(claim[kind])); run \(bounds(run[kind]))"
        }
    }

    /// How many runs of `kind` ended with `outcome` ("done", "snooze", ...).
    static func count(_ metrics: PrometheusMetrics, kind: String, outcome: String) -> Int {
        String(decoding: metrics.exposition(), as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix("jobqueue_jobs_total{") && label("kind", in: $0) == kind && label("outcome", in: $0) == outcome }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0) { $0 + Int($1) }
    }

    /// Seconds the handlers of each kind ran in all (the run-duration histogram's sum): what a kind costs the workers.
    static func runSeconds(_ metrics: PrometheusMetrics) -> [String: Double] {
        var seconds: [String: Double] = [:]
        for line in String(decoding: metrics.exposition(), as: UTF8.self).split(separator: "\n")
        where line.hasPrefix("jobqueue_run_duration_seconds_sum{") {
            guard let kind = label("kind", in: line), let value = line.split(separator: " ").last.flatMap({ Double($0) })
            else { continue }
            seconds[kind, default: 0] += value
        }
        return seconds
    }

    private static func format(_ seconds: Double) -> String {
        seconds.isInfinite ? "inf" : seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%.1f s", seconds)
    }

    private static func add(_ line: Substring, _ value: Double, to histogram: inout Histogram) {
        let name = line.prefix { $0 != "{" }
        if name.hasSuffix("_bucket"), let bound = label("le", in: line) {
            histogram.buckets.append((bound == "+Inf" ? .infinity : Double(bound) ?? .infinity, value))
        } else if name.hasSuffix("_sum") {
            histogram.sum = value
        } else if name.hasSuffix("_count") {
            histogram.count = value
        }
    }

    private static func label(_ name: String, in line: Substring) -> String? {
        guard let start = line.range(of: "\(name)=\"") else { return nil }
        let rest = line[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}

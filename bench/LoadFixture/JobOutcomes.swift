import App
import Foundation

/// Job runs by kind and outcome, read from the service's own Prometheus counters
/// (`jobqueue_jobs_total{kind, outcome}`): snoozes show time spent waiting on Telegram's limits.
enum JobOutcomes {
    static func lines(_ metrics: PrometheusMetrics) -> [String] {
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        var counts: [String: [String: Int]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("jobqueue_jobs_total{") {
            guard let kind = label("kind", in: line), let outcome = label("outcome", in: line),
                  let value = line.split(separator: " ").last.flatMap({ Double($0) }), value > 0 else { continue }
            counts[kind, default: [:]][outcome, default: 0] += Int(value)
        }
        return counts.keys.sorted().map { kind in
            let outcomes = counts[kind, default: [:]].sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            return "  jobs \(kind): " + outcomes.joined(separator: ", ")
        }
    }

    private static func label(_ name: String, in line: Substring) -> String? {
        guard let start = line.range(of: "\(name)=\"") else { return nil }
        let rest = line[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}

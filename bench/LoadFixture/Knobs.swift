import Foundation

/// The fixture's settings, from environment variables with defaults (the bench scripts set them).
struct Knobs: Sendable {
    let values: [String: String]

    init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    func string(_ name: String, _ fallback: String) -> String {
        values[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
    }

    func int(_ name: String, _ fallback: Int, range: ClosedRange<Int> = 0...1_000_000) -> Int {
        guard let value = values[name].flatMap(Int.init), range.contains(value) else { return fallback }
        return value
    }

    func double(_ name: String, _ fallback: Double, range: ClosedRange<Double> = 0...1_000_000) -> Double {
        guard let value = values[name].flatMap(Double.init), range.contains(value) else { return fallback }
        return value
    }

    func seconds(_ name: String, _ fallback: Double) -> Duration {
        .milliseconds(Int(double(name, fallback) * 1000))
    }
}

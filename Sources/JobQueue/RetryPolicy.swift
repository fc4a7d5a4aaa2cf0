import Foundation
import Timekeeping

/// How long a failed job waits before its next attempt: exponential growth from `base`, capped, with jitter so
/// jobs that failed together (an upstream outage) do not all come back at the same moment.
public struct RetryPolicy: Sendable, Equatable {
    public enum Jitter: Sendable, Equatable {
        /// Exactly `base * 2^(attempt-1)`, capped.
        case none
        /// Uniform in `0 ... base * 2^(attempt-1)` (capped): the widest spread.
        case full
        /// Uniform in `base ... 3 × the previous attempt's exponential delay` (capped): never shorter than `base`.
        /// The previous delay is the exponential value rather than the random one actually drawn, so nothing
        /// has to be stored per job.
        case decorrelated
    }

    public static let defaultBase: Duration = .seconds(1)
    public static let defaultCap: Duration = .seconds(3600)
    public static let `default` = RetryPolicy(base: defaultBase, cap: defaultCap, jitter: .full)

    public var base: Duration
    public var cap: Duration
    public var jitter: Jitter

    public init(base: Duration, cap: Duration, jitter: Jitter) {
        self.base = base
        self.cap = cap
        self.jitter = jitter
    }

    /// The wait after attempt number `attempt` (1 for the first run) failed.
    public func delay(afterAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, using: &generator)
    }

    public func delay<G: RandomNumberGenerator>(afterAttempt attempt: Int, using generator: inout G) -> Duration {
        let baseSeconds = base.seconds
        let capSeconds = max(cap.seconds, baseSeconds)
        let seconds: Double
        switch jitter {
        case .none:
            seconds = exponential(attempt, baseSeconds, capSeconds)
        case .full:
            seconds = Double.random(in: 0...exponential(attempt, baseSeconds, capSeconds), using: &generator)
        case .decorrelated:
            let previous = exponential(attempt - 1, baseSeconds, capSeconds)
            let upper = min(capSeconds, max(baseSeconds, previous * 3))
            seconds = Double.random(in: baseSeconds...upper, using: &generator)
        }
        return .seconds(seconds)
    }

    /// `base * 2^(attempt-1)` bounded by `cap`, computed without overflowing for any attempt number.
    private func exponential(_ attempt: Int, _ base: Double, _ cap: Double) -> Double {
        let exponent = Double(min(max(attempt - 1, 0), 62))
        return min(cap, base * pow(2, exponent))
    }
}


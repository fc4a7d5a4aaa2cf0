import Foundation

extension Duration {
    /// The duration in (fractional) seconds, as SQL intervals and `Date` arithmetic want it.
    var seconds: Double {
        let (wholeSeconds, attoseconds) = components
        return Double(wholeSeconds) + Double(attoseconds) / 1e18
    }

    /// Nanoseconds, as swift-metrics timers record them; saturates instead of overflowing.
    var nanoseconds: Int64 {
        let (wholeSeconds, attoseconds) = components
        let (scaled, overflow) = wholeSeconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return wholeSeconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}

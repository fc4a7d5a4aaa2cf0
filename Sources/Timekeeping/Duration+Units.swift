extension Duration {
    /// In (fractional) seconds, as SQL intervals, `Date` arithmetic and Foundation's waits want it.
    public var seconds: Double {
        let (wholeSeconds, attoseconds) = components
        return Double(wholeSeconds) + Double(attoseconds) / 1e18
    }

    /// Whole milliseconds, rounded down; saturates instead of overflowing.
    public var milliseconds: Int64 {
        let (wholeSeconds, attoseconds) = components
        let (scaled, overflow) = wholeSeconds.multipliedReportingOverflow(by: 1000)
        if overflow { return wholeSeconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000_000_000).partialValue
    }

    /// Whole nanoseconds, as swift-metrics timers and monotonic deadlines record them; saturates instead of
    /// overflowing.
    public var nanoseconds: Int64 {
        let (wholeSeconds, attoseconds) = components
        let (scaled, overflow) = wholeSeconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return wholeSeconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}

/// Where code that schedules by elapsed time reads it: `ContinuousClock.now` in production, a clock a test moves by
/// hand in tests.
public typealias Now = @Sendable () -> ContinuousClock.Instant

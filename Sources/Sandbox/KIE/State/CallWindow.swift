/// Calls within a sliding window, for KIE's per-key limits (20 creates per 10 s, 10 queries per second).
struct CallWindow: Sendable {
    private var times: [ContinuousClock.Instant] = []

    /// Records a call at `now` unless `limit` calls already fell within the window; returns whether admitted.
    mutating func admit(_ limit: KIEStandInConfiguration.RateLimit, now: ContinuousClock.Instant = .now) -> Bool {
        times.removeAll { now - $0 >= limit.window }
        guard times.count < limit.count else { return false }
        times.append(now)
        return true
    }
}

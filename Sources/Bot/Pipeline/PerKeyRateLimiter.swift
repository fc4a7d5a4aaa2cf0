import Synchronization
import Timekeeping

/// At most `perSecond` events per key per second in this process (KIE allows 10 status queries/s per API key).
final class PerKeyRateLimiter: Sendable {
    private let interval: Duration
    private let nextAt = Mutex<[String: ContinuousClock.Instant]>([:])
    private let now: Now

    init(perSecond: Int, now: @escaping Now = { ContinuousClock.now }) {
        interval = .seconds(1) / perSecond
        self.now = now
    }

    /// Takes a slot now, or says how long to wait for one.
    func acquire(key: String) -> Duration? {
        let now = now()
        return nextAt.withLock { next in
            let slot = max(next[key] ?? now, now)
            guard slot <= now else { return slot - now }
            next[key] = slot + interval
            return nil
        }
    }
}

import Synchronization

/// A clock that stands still until a test moves it, for code that takes its time from an injected `now`: waits are
/// checked at exact instants instead of slept through.
public final class ManualClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)

    public init() {}

    public var now: @Sendable () -> ContinuousClock.Instant {
        { [self] in instant.withLock { $0 } }
    }

    public func advance(by duration: Duration) {
        instant.withLock { $0 += duration }
    }
}

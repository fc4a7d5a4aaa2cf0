import Synchronization

/// Whether this instance should receive traffic: not while it drains, and not while a dependency check fails.
public final class Readiness: Sendable {
    public enum State: Equatable, Sendable {
        case ready
        case notReady(String)
    }

    public typealias Check = @Sendable () -> State

    private let draining = Atomic<Bool>(false)
    private let checks: [Check]

    public init(checks: [Check] = []) {
        self.checks = checks
    }

    public func beginDraining() {
        draining.store(true, ordering: .relaxed)
    }

    public func check() -> State {
        if draining.load(ordering: .relaxed) { return .notReady("draining") }
        for check in checks {
            if case .notReady(let reason) = check() { return .notReady(reason) }
        }
        return .ready
    }
}

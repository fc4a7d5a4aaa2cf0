/// The connection timeouts in nanoseconds, taken from the configuration once.
struct Timeouts: Sendable {
    let header: UInt64
    let body: UInt64
    let idle: UInt64
    let write: UInt64
    /// How long a closing connection keeps reading (and discarding) so the peer sees our response, not a reset.
    let linger: UInt64

    init(_ configuration: HTTPServerConfiguration) {
        header = MonotonicClock.nanoseconds(configuration.headerTimeout)
        body = MonotonicClock.nanoseconds(configuration.bodyTimeout)
        idle = MonotonicClock.nanoseconds(configuration.idleTimeout)
        write = MonotonicClock.nanoseconds(configuration.writeTimeout)
        linger = min(2_000_000_000, header)
    }

    /// How often an event loop checks deadlines: a few times per shortest timeout, between 5 ms and 250 ms apart.
    var sweepInterval: UInt64 {
        min(max(min(header, body, idle, write) / 4, 5_000_000), 250_000_000)
    }
}

/// The one deadline a connection is under, set by what the connection waits for, and what passing it means.
struct Deadline: Sendable {
    enum Stage: Sendable, Equatable {
        /// A new connection waits for its first byte.
        case connected
        /// Between requests on a kept-alive connection.
        case idle
        /// From a request's first byte until its head is complete.
        case head
        /// Between a body's bytes.
        case body
        /// A handler runs; it has no deadline of ours.
        case handling
        /// A response waits for the socket to take more of it.
        case write
        /// Our side is shut; the peer gets a moment to close its own.
        case linger
    }

    enum Expiry: Equatable {
        case closeSilently
        case answerRequestTimeout
        /// A peer that stopped reading: reset rather than leave the kernel retrying our unsent bytes.
        case reset
        case close
    }

    private let timeouts: Timeouts
    private var stage = Stage.connected
    private var expiresAt: UInt64

    init(timeouts: Timeouts, now: UInt64) {
        self.timeouts = timeouts
        // A fresh connection that never sends anything is dropped after the header timeout.
        expiresAt = now &+ timeouts.header
    }

    /// Enters `stage` with its whole timeout from `now`.
    mutating func restart(_ stage: Stage, now: UInt64) {
        self.stage = stage
        switch stage {
        case .connected, .head: expiresAt = now &+ timeouts.header
        case .idle: expiresAt = now &+ timeouts.idle
        case .body: expiresAt = now &+ timeouts.body
        case .handling: expiresAt = .max
        case .write: expiresAt = now &+ timeouts.write
        case .linger: expiresAt = now &+ timeouts.linger
        }
    }

    /// Enters `stage` unless already in it, so its timeout counts from when it began: the header timeout
    /// from a request's first byte, however slowly the rest trickles in.
    mutating func begin(_ stage: Stage, now: UInt64) {
        if self.stage != stage { restart(stage, now: now) }
    }

    /// What to do now, or nil while the deadline has not passed.
    func expiry(now: UInt64) -> Expiry? {
        guard now >= expiresAt else { return nil }
        switch stage {
        case .connected, .idle: return .closeSilently
        case .head, .body: return .answerRequestTimeout
        case .write: return .reset
        case .linger, .handling: return .close
        }
    }
}

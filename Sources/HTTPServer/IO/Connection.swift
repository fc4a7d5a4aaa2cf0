import Glibc
import Synchronization

/// One client socket: its descriptor, the reads and writes on it, and which thread may do what.
///
/// The event loop that accepted the connection reads, closes, and writes what the server answers itself,
/// always through its `ConnectionDriver`, which never leaves that loop's thread. A handler thread writes
/// its response straight to the socket, and can reach the connection only through its `HandlerJob`. What
/// the two share — the phase, an unfinished write and the deadline — is `ConnectionState`, behind a lock.
/// Only the loop closes `fd`, so its descriptor table never points at a reused descriptor.
final class Connection: Sendable {
    enum ReadResult {
        case bytes(Int)
        case drained
        case endOfInput
        case failed
    }

    let fd: Int32
    let remoteAddress: String
    private let loop: EventLoop
    private let shared: Mutex<ConnectionState>

    init(fd: Int32, remoteAddress: String, loop: EventLoop, timeouts: Timeouts) {
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.loop = loop
        shared = Mutex(ConnectionState(deadline: Deadline(timeouts: timeouts, now: MonotonicClock.now())))
    }

    // MARK: - A handler thread's side

    /// Writes a handler's response, unless the loop closed the connection meanwhile, and hands the
    /// connection back to the loop if the loop is waiting for it or the write failed.
    func complete(_ bytes: [UInt8], thenClose: Bool) {
        let handBack = shared.withLock { state -> Bool in
            guard state.isHandling else { return false }
            let loopWaiting = state.loopWaiting
            state.loopWaiting = false
            write(bytes, thenClose: thenClose, &state)
            if case .failed = state.phase { return true }
            return loopWaiting
        }
        if handBack { loop.send(.resume(self)) }
    }

    // MARK: - The event loop's side

    var phase: ConnectionState.Phase {
        shared.withLock { $0.phase }
    }

    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> ReadResult {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfInput }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK ? .drained : .failed
        }
    }

    /// Writes an answer of the server's own; returns the phase after what the socket took at once.
    func write(_ bytes: [UInt8], thenClose: Bool) -> ConnectionState.Phase {
        shared.withLock { state in
            write(bytes, thenClose: thenClose, &state)
            return state.phase
        }
    }

    /// Sends more of a pending response, on EPOLLOUT.
    func flush() {
        shared.withLock { flush(&$0) }
    }

    /// A 100 Continue is tiny and sent into an idle socket; if even it does not fit, the peer is not reading.
    func sendInterim(_ bytes: [UInt8]) -> ConnectionState.Phase {
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return shared.withLock { state in
            if sent != bytes.count { state.phase = .failed }
            return state.phase
        }
    }

    func startHandling() {
        shared.withLock { state in
            state.phase = .handling
            state.deadline.restart(.handling, now: MonotonicClock.now())
        }
    }

    /// Asks the running handler to hand the connection back when it is done. False if it already is done,
    /// and the loop can go on at once.
    func waitForHandler() -> Bool {
        shared.withLock { state in
            guard state.isHandling else { return false }
            state.loopWaiting = true
            return true
        }
    }

    func restartDeadline(_ stage: Deadline.Stage) {
        shared.withLock { $0.deadline.restart(stage, now: MonotonicClock.now()) }
    }

    func beginDeadline(_ stage: Deadline.Stage) {
        shared.withLock { $0.deadline.begin(stage, now: MonotonicClock.now()) }
    }

    /// What to do about a passed deadline; nil while it has not passed or the connection is closed.
    func expiredDeadline(now: UInt64) -> Deadline.Expiry? {
        shared.withLock { state in
            if case .closed = state.phase { return nil }
            return state.deadline.expiry(now: now)
        }
    }

    /// Closes whatever the connection is doing; a running handler's response is then dropped. `reset`
    /// discards unsent bytes with an RST instead of leaving the kernel retrying them.
    func close(reset: Bool = false) {
        shared.withLock { state in
            if case .closed = state.phase { return }
            if reset {
                var immediate = linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &immediate, socklen_t(MemoryLayout<linger>.size))
            }
            state.phase = .closed
            Glibc.close(fd)
        }
    }

    // MARK: - Writing, under the lock

    private func write(_ bytes: [UInt8], thenClose: Bool, _ state: inout ConnectionState) {
        state.phase = .writing(PendingWrite(bytes: bytes, thenClose: thenClose))
        state.deadline.restart(.write, now: MonotonicClock.now())
        flush(&state)
    }

    /// Writes what the socket takes now; the rest waits for EPOLLOUT on the event loop.
    private func flush(_ state: inout ConnectionState) {
        guard case .writing(var pending) = state.phase else { return }
        let (bytes, before) = (pending.bytes, pending.sent)
        var sent = before
        let failed = bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return false }
            while sent < raw.count {
                let count = Glibc.send(fd, base + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if count > 0 {
                    sent += count
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    return count < 0 && errno != EAGAIN && errno != EWOULDBLOCK
                }
            }
            return false
        }
        pending.sent = sent
        if failed {
            state.phase = .failed
        } else if sent < bytes.count {
            state.phase = .writing(pending)
            if sent > before { state.deadline.restart(.write, now: MonotonicClock.now()) }
        } else if pending.thenClose {
            // Shut our side so the peer gets the response and our FIN, then drain its input for a while:
            // closing with unread input would send a reset that can destroy the response in flight.
            shutdown(fd, Int32(SHUT_WR))
            state.phase = .lingering
            state.deadline.restart(.linger, now: MonotonicClock.now())
        } else {
            state.phase = .reading
            state.deadline.restart(.idle, now: MonotonicClock.now())
        }
    }
}

import Glibc

/// The work of one event loop, done on its thread alone: waiting on epoll, accepting connections, driving
/// them, answering messages and enforcing deadlines. It is not Sendable, and neither are the drivers it
/// holds, so nothing here can be touched from another thread.
final class LoopThread {
    private static let acceptBatch = 64
    private static let acceptPause: UInt64 = 100_000_000
    private static let connectionEvents = LinuxAPI.epollIn | LinuxAPI.epollOut | LinuxAPI.epollRdHup
        | LinuxAPI.epollEdgeTriggered

    private let loop: EventLoop
    private let listener: ListeningSocket
    private let context: ServerContext
    private let sweepInterval: UInt64
    private var drivers: [Int32: ConnectionDriver] = [:]
    private var running = true
    private var lastRefusalLog: UInt64 = 0
    /// Set while accepting is paused because descriptors ran out; the listener is re-armed after it.
    private var acceptPausedUntil: UInt64?
    private var acceptingStopped = false

    init(loop: EventLoop, listener: ListeningSocket, context: ServerContext) {
        self.loop = loop
        self.listener = listener
        self.context = context
        sweepInterval = context.timeouts.sweepInterval
    }

    func run() {
        let events = EpollEventBuffer(capacity: 256)
        var nextSweep = MonotonicClock.now() &+ sweepInterval
        while running {
            // While handler jobs are queued, wake often enough to notice them starving behind slow handlers.
            let pool = context.pool
            let timeout = pool.hasQueuedJobs
                ? 1 : Int32(clamping: (nextSweep &- min(nextSweep, MonotonicClock.now())) / 1_000_000 + 1)
            let count = events.wait(loop.epoll, timeoutMilliseconds: timeout)
            for index in 0..<max(count, 0) {
                let (flags, token) = events.event(at: index)
                switch token {
                case EventLoop.listenerToken: acceptConnections()
                case EventLoop.wakeToken: processMessages()
                default:
                    if let driver = drivers[Int32(truncatingIfNeeded: token)], driver.handle(flags) {
                        forget(driver)
                    }
                }
            }
            if pool.hasQueuedJobs { pool.preventStarvation() }
            let now = MonotonicClock.now()
            if now >= nextSweep {
                sweep(now: now)
                nextSweep = now &+ sweepInterval
            }
        }
        for driver in drivers.values { driver.connection.close() }
        drivers.removeAll()
    }

    private func acceptConnections() {
        for _ in 0..<Self.acceptBatch {
            let fd: Int32, remote: String
            switch listener.accept() {
            case .accepted(let acceptedFD, let address):
                (fd, remote) = (acceptedFD, address)
            case .nonePending:
                return
            case .exhausted(let code):
                pauseAccepting(errno: code)
                return
            }
            let (_, open) = context.openConnections.wrappingAdd(1, ordering: .relaxed)
            if open > context.configuration.maxConnections {
                context.openConnections.wrappingSubtract(1, ordering: .relaxed)
                refuse(fd)
                continue
            }
            let connection = Connection(fd: fd, remoteAddress: remote, loop: loop, timeouts: context.timeouts)
            guard LinuxAPI.epollAdd(loop.epoll, fd: fd, events: Self.connectionEvents, token: UInt64(fd)) else {
                connection.close()
                context.openConnections.wrappingSubtract(1, ordering: .relaxed)
                continue
            }
            drivers[fd] = ConnectionDriver(connection: connection, context: context)
            context.metrics.recordOpenConnections(open)
        }
    }

    private func pauseAccepting(errno code: Int32) {
        LinuxAPI.epollRemove(loop.epoll, fd: listener.fd)
        acceptPausedUntil = MonotonicClock.now() &+ Self.acceptPause
        context.logger.error("accept failed; pausing accepting", metadata: ["error": "\(SystemCallError("accept4", errno: code))"])
    }

    private func resumeAcceptingIfDue(now: UInt64) {
        guard let until = acceptPausedUntil, now >= until else { return }
        acceptPausedUntil = nil
        guard !acceptingStopped else { return }
        _ = LinuxAPI.epollAdd(loop.epoll, fd: listener.fd, events: LinuxAPI.epollIn | LinuxAPI.epollExclusive,
                              token: EventLoop.listenerToken)
    }

    private static let refusal = Array(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)

    /// Beyond the connection limit: a best-effort 503, then close at once.
    private func refuse(_ fd: Int32) {
        _ = Self.refusal.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        Glibc.close(fd)
        let now = MonotonicClock.now()
        if now &- lastRefusalLog >= 1_000_000_000 {
            lastRefusalLog = now
            context.logger.warning("connection limit reached; refusing connections",
                                   metadata: ["max_connections": "\(context.configuration.maxConnections)"])
        }
    }

    private func processMessages() {
        for message in loop.takeMessages() {
            switch message {
            case .resume(let connection):
                if let driver = drivers[connection.fd], driver.connection === connection, driver.resume() {
                    forget(driver)
                }
            case .stopAccepting(let done):
                acceptingStopped = true
                LinuxAPI.epollRemove(loop.epoll, fd: listener.fd)
                done.signal()
            case .closeIdle:
                for driver in drivers.values where driver.closeIfIdle() {
                    forget(driver)
                }
            case .closeAll(let done):
                for driver in drivers.values {
                    driver.connection.close()
                    forget(driver)
                }
                done.signal()
            case .stop:
                running = false
            }
        }
    }

    private func sweep(now: UInt64) {
        resumeAcceptingIfDue(now: now)
        for driver in drivers.values where driver.checkDeadline(now: now) {
            forget(driver)
        }
        if context.isDraining {
            for driver in drivers.values where driver.closeIfIdle() {
                forget(driver)
            }
        }
    }

    private func forget(_ driver: ConnectionDriver) {
        guard drivers.removeValue(forKey: driver.connection.fd) != nil else { return }
        let (_, open) = context.openConnections.wrappingSubtract(1, ordering: .relaxed)
        context.metrics.recordOpenConnections(open)
    }
}

import Dispatch
import Foundation
import Glibc
import Synchronization

/// One I/O thread: an epoll instance that accepts connections (sharing the listening socket with the other
/// loops through EPOLLEXCLUSIVE), reads and parses them, flushes slow writes and enforces timeouts.
final class EventLoop: @unchecked Sendable {
    enum Message: Sendable {
        case close(Connection)
        case stopAccepting(DispatchSemaphore)
        case closeIdle
        case closeAll(DispatchSemaphore)
        case stop
    }

    private static let listenerToken = UInt64.max
    private static let wakeToken = UInt64.max - 1
    private static let acceptBatch = 64
    private static let connectionEvents = LinuxAPI.epollIn | LinuxAPI.epollOut | LinuxAPI.epollRdHup
        | LinuxAPI.epollEdgeTriggered

    private let epoll: Int32
    private let wakeFD: Int32
    private let listener: ListeningSocket
    private let context: ServerContext
    /// Messages for the loop's thread; nil once the loop has stopped and its wake descriptor is closed.
    private let inbox = Mutex<[Message]?>([])
    private let finished = DispatchSemaphore(value: 0)
    private let sweepInterval: UInt64

    // Touched by the loop's own thread only.
    private var connections: [Int32: Connection] = [:]
    private var running = true
    private var lastRefusalLog: UInt64 = 0
    /// Set while accepting is paused because descriptors ran out; the listener is re-armed after it.
    private var acceptPausedUntil: UInt64?
    private var acceptingStopped = false
    private static let acceptPause: UInt64 = 100_000_000

    init(index: Int, listener: ListeningSocket, context: ServerContext) throws {
        self.listener = listener
        self.context = context
        epoll = LinuxAPI.epollCreate()
        guard epoll >= 0 else { throw SystemCallError("epoll_create1") }
        wakeFD = LinuxAPI.eventFD()
        guard wakeFD >= 0 else {
            Glibc.close(epoll)
            throw SystemCallError("eventfd")
        }
        sweepInterval = context.timeouts.sweepInterval
        guard LinuxAPI.epollAdd(epoll, fd: wakeFD, events: LinuxAPI.epollIn, token: Self.wakeToken),
              LinuxAPI.epollAdd(epoll, fd: listener.fd, events: LinuxAPI.epollIn | LinuxAPI.epollExclusive,
                                token: Self.listenerToken)
        else {
            let error = SystemCallError("epoll_ctl")
            Glibc.close(wakeFD)
            Glibc.close(epoll)
            throw error
        }
        let thread = Thread { [self] in run() }
        thread.name = "http-io-\(index)"
        thread.start()
    }

    /// Queues a message for the loop's thread and wakes it.
    func send(_ message: Message) {
        inbox.withLock { messages in
            guard messages != nil else { return }
            messages?.append(message)
            var one: UInt64 = 1
            _ = Glibc.write(wakeFD, &one, 8)
        }
    }

    func scheduleClose(_ connection: Connection) {
        send(.close(connection))
    }

    /// Blocks until the loop's thread has exited.
    func join() {
        finished.wait()
    }

    private func run() {
        let events = EpollEventBuffer(capacity: 256)
        var nextSweep = MonotonicClock.now() &+ sweepInterval
        while running {
            // While handler jobs are queued, wake often enough to notice them starving behind slow handlers.
            let pool = context.pool
            let timeout = pool.hasQueuedJobs
                ? 1 : Int32(clamping: (nextSweep &- min(nextSweep, MonotonicClock.now())) / 1_000_000 + 1)
            let count = events.wait(epoll, timeoutMilliseconds: timeout)
            for index in 0..<max(count, 0) {
                let (flags, token) = events.event(at: index)
                switch token {
                case Self.listenerToken: acceptConnections()
                case Self.wakeToken: processMessages()
                default:
                    if let connection = connections[Int32(truncatingIfNeeded: token)], connection.handleEvents(flags) {
                        forget(connection)
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
        for connection in connections.values { connection.forceClose() }
        connections.removeAll()
        inbox.withLock { messages in
            messages = nil
            Glibc.close(wakeFD)
        }
        Glibc.close(epoll)
        finished.signal()
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
            let connection = Connection(fd: fd, remoteAddress: remote, loop: self, context: context)
            guard LinuxAPI.epollAdd(epoll, fd: fd, events: Self.connectionEvents, token: UInt64(fd)) else {
                connection.forceClose()
                context.openConnections.wrappingSubtract(1, ordering: .relaxed)
                continue
            }
            connections[fd] = connection
            context.metrics.recordOpenConnections(open)
        }
    }

    private func pauseAccepting(errno code: Int32) {
        LinuxAPI.epollRemove(epoll, fd: listener.fd)
        acceptPausedUntil = MonotonicClock.now() &+ Self.acceptPause
        context.logger.error("accept failed; pausing accepting", metadata: ["error": "\(SystemCallError("accept4", errno: code))"])
    }

    private func resumeAcceptingIfDue(now: UInt64) {
        guard let until = acceptPausedUntil, now >= until else { return }
        acceptPausedUntil = nil
        guard !acceptingStopped else { return }
        _ = LinuxAPI.epollAdd(epoll, fd: listener.fd, events: LinuxAPI.epollIn | LinuxAPI.epollExclusive,
                              token: Self.listenerToken)
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
        var counter: UInt64 = 0
        _ = Glibc.read(wakeFD, &counter, 8)
        let messages = inbox.withLock { pending in
            defer { pending?.removeAll() }
            return pending ?? []
        }
        for message in messages {
            switch message {
            case .close(let connection):
                if connections[connection.fd] === connection, connection.closeIfRequested() {
                    forget(connection)
                }
            case .stopAccepting(let done):
                acceptingStopped = true
                LinuxAPI.epollRemove(epoll, fd: listener.fd)
                done.signal()
            case .closeIdle:
                for connection in connections.values where connection.closeIfIdle() {
                    forget(connection)
                }
            case .closeAll(let done):
                for connection in connections.values {
                    connection.forceClose()
                    forget(connection)
                }
                done.signal()
            case .stop:
                running = false
            }
        }
    }

    private func sweep(now: UInt64) {
        resumeAcceptingIfDue(now: now)
        for connection in connections.values where connection.checkDeadline(now: now) {
            forget(connection)
        }
        if context.isDraining {
            for connection in connections.values where connection.closeIfIdle() {
                forget(connection)
            }
        }
    }

    private func forget(_ connection: Connection) {
        guard connections.removeValue(forKey: connection.fd) != nil else { return }
        let (_, open) = context.openConnections.wrappingSubtract(1, ordering: .relaxed)
        context.metrics.recordOpenConnections(open)
    }
}

import Dispatch
import Glibc
import Logging
import Synchronization

/// An HTTP/1.1 server on POSIX sockets: epoll I/O threads parse requests, a bounded pool runs handlers.
public final class HTTPServer: Sendable {
    private enum State {
        case idle
        case running(listener: ListeningSocket, loops: [EventLoop], context: ServerContext)
        case stopped
    }

    private let configuration: HTTPServerConfiguration
    private let router: Router
    private let logger: Logger
    private let state = Mutex<State>(.idle)

    public init(configuration: HTTPServerConfiguration, router: Router, logger: Logger) {
        self.configuration = configuration
        self.router = router
        self.logger = logger
    }

    /// Binds and listens, then returns once the I/O threads accept connections. Throws on bind failure.
    public func start() throws {
        try state.withLock { state in
            guard case .idle = state else { return }
            // A peer that vanishes mid-write must not kill the process; writes use MSG_NOSIGNAL as well.
            signal(SIGPIPE, SIG_IGN)
            let listener = try ListeningSocket(address: configuration.address)
            let context = ServerContext(configuration: configuration, routes: router.snapshot(), logger: logger)
            var loops: [EventLoop] = []
            do {
                for index in 0..<max(1, configuration.ioThreads) {
                    loops.append(try EventLoop(index: index, listener: listener, context: context))
                }
            } catch {
                for loop in loops {
                    loop.send(.stop)
                    loop.join()
                }
                context.pool.stop()
                listener.close()
                throw error
            }
            state = .running(listener: listener, loops: loops, context: context)
            logger.info("http server listening", metadata: [
                "address": "\(listener.boundAddress)", "io_threads": "\(loops.count)",
                "handler_threads": "\(configuration.handlerThreads)",
            ])
        }
    }

    /// The address actually bound (with the real port when port 0 was asked), once started.
    public var boundAddress: ListenAddress? {
        state.withLock { state in
            if case .running(let listener, _, _) = state { return listener.boundAddress }
            return nil
        }
    }

    /// The routes this server answers (HEAD is also answered by each GET route).
    public var routes: [RouteDescription] { router.routes }

    /// Connections currently open (0 when not running); for readiness checks and tests.
    public var openConnections: Int {
        state.withLock { state in
            if case .running(_, _, let context) = state { return context.openConnections.load(ordering: .relaxed) }
            return 0
        }
    }

    /// Stops accepting, lets in-flight requests finish within the grace period, closes idle connections,
    /// then closes whatever remains and returns.
    public func shutdown() {
        let running: (ListeningSocket, [EventLoop], ServerContext)? = state.withLock { state in
            guard case .running(let listener, let loops, let context) = state else { return nil }
            state = .stopped
            return (listener, loops, context)
        }
        guard let (listener, loops, context) = running else { return }
        logger.info("http server draining", metadata: ["open_connections": "\(context.openConnections.load(ordering: .relaxed))"])
        context.draining.store(true, ordering: .relaxed)

        let acknowledged = DispatchSemaphore(value: 0)
        for loop in loops { loop.send(.stopAccepting(acknowledged)) }
        for _ in loops { acknowledged.wait() }
        listener.close()

        for loop in loops { loop.send(.closeIdle) }
        let deadline = MonotonicClock.now() &+ MonotonicClock.nanoseconds(configuration.shutdownGracePeriod)
        while context.openConnections.load(ordering: .relaxed) > 0 && MonotonicClock.now() < deadline {
            usleep(5_000)
        }
        let abandoned = context.openConnections.load(ordering: .relaxed)
        for loop in loops { loop.send(.closeAll(acknowledged)) }
        for _ in loops { acknowledged.wait() }
        for loop in loops {
            loop.send(.stop)
            loop.join()
        }
        context.pool.stop()
        if abandoned > 0 {
            logger.warning("http server closed connections still busy after the grace period",
                           metadata: ["connections": "\(abandoned)"])
        }
        logger.info("http server stopped")
    }
}

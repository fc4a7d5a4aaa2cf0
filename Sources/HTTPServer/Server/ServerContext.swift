import Logging
import Synchronization

/// What every connection and loop of one server shares: settings, routes, threads, metrics and counters.
final class ServerContext: Sendable {
    let configuration: HTTPServerConfiguration
    let routes: RouteTable
    let pool: HandlerPool
    let metrics = ServerMetrics()
    let dateCache = DateCache()
    let logger: Logger
    let openConnections = Atomic<Int>(0)
    let draining = Atomic<Bool>(false)

    // Nanosecond copies of the timeouts, read on every state change.
    let headerTimeout: UInt64
    let bodyTimeout: UInt64
    let idleTimeout: UInt64
    let writeTimeout: UInt64
    /// How long a closing connection keeps reading (and discarding) so the peer sees our response, not a reset.
    let lingerTimeout: UInt64
    let headLimits: HeadLimits

    init(configuration: HTTPServerConfiguration, routes: RouteTable, logger: Logger) {
        self.configuration = configuration
        self.routes = routes
        self.logger = logger
        pool = HandlerPool(threads: configuration.handlerThreads, name: "http-handler")
        headerTimeout = configuration.headerTimeout.nanoseconds
        bodyTimeout = configuration.bodyTimeout.nanoseconds
        idleTimeout = configuration.idleTimeout.nanoseconds
        writeTimeout = configuration.writeTimeout.nanoseconds
        lingerTimeout = min(2_000_000_000, headerTimeout)
        headLimits = configuration.headLimits
    }

    var isDraining: Bool { draining.load(ordering: .relaxed) }
}

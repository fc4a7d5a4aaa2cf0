import Logging
import Synchronization

/// What every connection and loop of one server shares: settings, routes, threads, metrics and counters.
final class ServerContext: Sendable {
    let configuration: HTTPServerConfiguration
    let routes: RouteTable
    let pool: HandlerPool
    let metrics = ServerMetrics()
    let logger: Logger
    let openConnections = Atomic<Int>(0)
    let draining = Atomic<Bool>(false)

    let timeouts: Timeouts
    let headLimits: HeadLimits

    init(configuration: HTTPServerConfiguration, routes: RouteTable, logger: Logger) {
        self.configuration = configuration
        self.routes = routes
        self.logger = logger
        pool = HandlerPool(threads: configuration.handlerThreads, name: "http-handler")
        timeouts = Timeouts(configuration)
        headLimits = configuration.headLimits
    }

    var isDraining: Bool { draining.load(ordering: .relaxed) }
}

import Dispatch
import Foundation
import HTTPServer
import Logging

/// The running service: the HTTP server with its routes, started and stopped as one.
public final class Service: Sendable {
    public let readiness: Readiness
    private let server: HTTPServer
    private let logger: Logger

    public init(configuration: AppConfiguration, metrics: PrometheusMetrics, logger: Logger) {
        self.logger = logger
        readiness = Readiness()
        let router = Router()
        HealthEndpoints.register(on: router, readiness: readiness, metrics: metrics)
        server = HTTPServer(
            configuration: HTTPServerConfiguration(address: configuration.listenAddress),
            router: router,
            logger: logger)
    }

    public var boundAddress: ListenAddress? { server.boundAddress }

    public func start() throws {
        try server.start()
        logger.info("serving", metadata: ["address": "\(server.boundAddress.map(String.init(describing:)) ?? "?")"])
    }

    /// Stops taking new work, lets in-flight requests finish within the server's grace period, then returns.
    public func stop() {
        readiness.beginDraining()
        server.shutdown()
        logger.info("stopped")
    }
}

/// Blocks the calling thread until SIGTERM or SIGINT arrives.
public enum ShutdownSignal {
    public static func wait() {
        let received = DispatchSemaphore(value: 0)
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { received.signal() }
            source.resume()
            return source
        }
        received.wait()
        sources.forEach { $0.cancel() }
    }
}

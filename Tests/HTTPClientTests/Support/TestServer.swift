import HTTPServer
import Logging

/// Our own HTTP server on a free loopback port, with the routes a test adds. Tests stop it in a `defer`,
/// which also keeps it alive for the whole test.
final class TestServer: Sendable {
    let baseURL: String
    private let server: HTTPServer

    init(_ addRoutes: (Router) -> Void) throws {
        let router = Router()
        addRoutes(router)
        let configuration = HTTPServerConfiguration(
            address: .tcp(host: "127.0.0.1", port: 0),
            shutdownGracePeriod: .seconds(2)
        )
        server = HTTPServer(configuration: configuration, router: router, logger: Logger(label: "http-client-tests") { _ in SwiftLogNoOpLogHandler() })
        try server.start()
        guard case .tcp(let host, let port) = server.boundAddress else {
            server.shutdown()
            throw LoopbackSocket.Failure(description: "server is not listening on TCP")
        }
        baseURL = "http://\(host):\(port)"
    }

    func stop() {
        server.shutdown()
    }
}

import HTTPServer
import Logging

/// A port that was free a moment ago, so a URL can be known before its server starts.
enum FreePort {
    struct NoPort: Error {}

    static func pick() throws -> Int {
        let server = HTTPServer(configuration: HTTPServerConfiguration(address: .tcp(host: "127.0.0.1", port: 0)),
                                router: Router(), logger: Logger(label: "port"))
        try server.start()
        defer { server.shutdown() }
        guard case .tcp(_, let port)? = server.boundAddress else { throw NoPort() }
        return port
    }
}

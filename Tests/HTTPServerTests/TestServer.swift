import Foundation
import HTTPServer
import Logging
import TestSupport

/// A server on a free port with the routes the tests exercise, and short timeouts so the suite is quick.
final class TestServer: Sendable {
    let server: HTTPServer
    let port: Int
    let host: String

    static func quickConfiguration() -> HTTPServerConfiguration {
        HTTPServerConfiguration(
            address: .tcp(host: "127.0.0.1", port: 0),
            handlerThreads: 4,
            ioThreads: 2,
            maxConnections: 2000,
            maxRequestLineBytes: 1024,
            maxHeaderBytes: 4096,
            maxHeaderCount: 20,
            defaultBodyLimit: 64 * 1024,
            headerTimeout: .milliseconds(500),
            bodyTimeout: .milliseconds(500),
            idleTimeout: .milliseconds(800),
            writeTimeout: .milliseconds(500),
            shutdownGracePeriod: .seconds(3))
    }

    init(_ configure: (inout HTTPServerConfiguration) -> Void = { _ in }, extraRoutes: (Router) -> Void = { _ in }) throws {
        var configuration = Self.quickConfiguration()
        configure(&configuration)
        let router = Self.makeRouter()
        extraRoutes(router)
        var logger = Logger(label: "http-test")
        logger.logLevel = .critical
        server = HTTPServer(configuration: configuration, router: router, logger: logger)
        try server.start()
        guard case .tcp(let host, let port)? = server.boundAddress else {
            host = ""
            port = 0
            return
        }
        self.host = host
        self.port = port
    }

    deinit {
        server.shutdown()
    }

    func connect() throws -> RawHTTPConnection {
        try RawHTTPConnection(host: host, port: port)
    }

    /// Sends one request on a fresh connection and reads one response.
    func exchange(_ request: String, forHead: Bool = false) throws -> (RawResponse?, RawHTTPConnection) {
        let connection = try connect()
        connection.send(request)
        return (connection.readResponse(forHead: forHead), connection)
    }

    static func makeRouter() -> Router {
        let router = Router()
        router.get("/healthz") { _ in .text("ok") }
        router.post("/echo") { request in
            var response = HTTPResponse(body: request.body)
            response.headers.add("X-Body-Length", String(request.body.count))
            return response
        }
        router.post("/small", bodyLimit: 16) { request in .text("got \(request.body.count)") }
        router.get("/callbacks/kie/:video/:token") { request in
            .text("video=\(request.pathParameters["video"] ?? "") token=\(request.pathParameters["token"] ?? "")")
        }
        router.get("/media/*path") { request in .text("path=\(request.pathParameters["path"] ?? "")") }
        router.get("/media/special") { _ in .text("special") }
        router.get("/throw") { _ in throw CocoaError(.fileNoSuchFile) }
        router.get("/forbidden") { _ in throw HTTPError(.forbidden, "nope") }
        router.get("/query") { request in
            .text(request.queryItems.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&"))
        }
        router.get("/remote") { request in .text(request.remoteAddress) }
        router.add(.put, "/items/:id") { _ in .text("put") }
        router.add(.delete, "/items/:id") { _ in HTTPResponse(status: .noContent) }
        router.get("/slow") { _ in
            usleep(1_000_000)
            return .text("slow done")
        }
        router.get("/big") { _ in HTTPResponse(body: [UInt8](repeating: 0x61, count: 8 << 20)) }
        return router
    }
}

/// Polls `condition` until it holds or the timeout passes; for waiting on another thread's progress.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}

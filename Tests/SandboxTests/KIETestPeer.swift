import Foundation
import HTTPServer
import Logging
import Synchronization

/// The bot's side for KIE stand-in tests, on our own HTTP server: serves the product photo (and a missing
/// one), and records the callbacks posted to `/callbacks/<name>`, failing the first ones when told to.
final class KIETestPeer: Sendable {
    struct Callback: Sendable {
        var path: String
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    private final class Record: Sendable {
        let callbacks = Mutex<[Callback]>([])
        let failuresLeft: Mutex<Int>
        let attempts = Mutex(0)

        init(failures: Int) {
            failuresLeft = Mutex(failures)
        }

        func receive(_ request: HTTPRequest) -> HTTPResponse {
            attempts.withLock { $0 += 1 }
            let fail = failuresLeft.withLock { left in
                defer { left = max(0, left - 1) }
                return left > 0
            }
            if fail { return HTTPResponse.text("busy", status: .serviceUnavailable) }
            callbacks.withLock {
                $0.append(Callback(path: request.path, headers: request.headers.map { ($0.name, $0.value) }, body: request.body))
            }
            return HTTPResponse.json(Array(#"{"status":"received"}"#.utf8))
        }
    }

    let photo: [UInt8]
    let baseURL: String
    private let server: HTTPServer
    private let record: Record

    init(failFirstCallbacks failures: Int = 0, photo: [UInt8] = TestPNG.make()) throws {
        let record = Record(failures: failures)
        self.record = record
        self.photo = photo
        let router = Router()
        router.get("/photos/product.png") { _ in
            HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "image/png")]), body: photo)
        }
        router.get("/photos/not-an-image.png") { _ in HTTPResponse.text("<html>login</html>") }
        router.get("/photos/corrupt.png") { _ in
            HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "image/png")]),
                         body: Array(photo.prefix(8)) + Array(repeating: 0x5A, count: 64))
        }
        router.post("/callbacks/:name") { request in record.receive(request) }
        server = HTTPServer(configuration: HTTPServerConfiguration(address: .tcp(host: "127.0.0.1", port: 0),
                                                                   shutdownGracePeriod: .seconds(1)),
                            router: router, logger: Logger(label: "kie-test-peer") { _ in SwiftLogNoOpLogHandler() })
        try server.start()
        guard case .tcp(let host, let port) = server.boundAddress else {
            server.shutdown()
            throw HTTPError(.internalServerError, "the test peer is not listening on TCP")
        }
        baseURL = "http://\(host):\(port)"
    }

    var photoURL: String { "\(baseURL)/photos/product.png" }
    var missingPhotoURL: String { "\(baseURL)/photos/missing.png" }
    var notAnImageURL: String { "\(baseURL)/photos/not-an-image.png" }
    /// PNG magic followed by garbage: accepted by KIE's format check, undecodable by ffmpeg.
    var corruptPhotoURL: String { "\(baseURL)/photos/corrupt.png" }

    func callbackURL(_ name: String = "video-1") -> String {
        "\(baseURL)/callbacks/\(name)"
    }

    var callbacks: [Callback] { record.callbacks.withLock { $0 } }
    var attempts: Int { record.attempts.withLock { $0 } }

    func stop() {
        server.shutdown()
    }
}

import Foundation
import HTTPServer
import Logging
import Synchronization

/// A tiny KIE for client tests: our own HTTP server answering every request with the next scripted answer
/// (or a default), recording what the client sent.
final class ScriptedKIEServer: Sendable {
    struct Answer: Sendable {
        var status: HTTPStatus
        var body: String
    }

    struct Received: Sendable {
        var method: String
        var target: String
        var headers: [(String, String)]
        var body: [UInt8]

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        }

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    private final class Script: Sendable {
        let answers = Mutex<[Answer]>([])
        let received = Mutex<[Received]>([])

        func handle(_ request: HTTPRequest) -> HTTPResponse {
            received.withLock {
                $0.append(Received(method: request.method.rawValue, target: request.target,
                                   headers: request.headers.map { ($0.name, $0.value) }, body: request.body))
            }
            let answer = answers.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                ?? Answer(status: .notFound, body: #"{"code":404,"msg":"not scripted"}"#)
            return HTTPResponse(status: answer.status, headers: HTTPHeaders([("Content-Type", "application/json")]),
                                body: Array(answer.body.utf8))
        }
    }

    let baseURL: String
    private let server: HTTPServer
    private let script = Script()

    init() throws {
        let router = Router()
        let script = self.script
        let handler: HTTPHandler = { request in script.handle(request) }
        router.post("/*path", handler)
        router.get("/*path", handler)
        server = HTTPServer(configuration: HTTPServerConfiguration(address: .tcp(host: "127.0.0.1", port: 0),
                                                                   shutdownGracePeriod: .seconds(1)),
                            router: router, logger: Logger(label: "kie-tests") { _ in SwiftLogNoOpLogHandler() })
        try server.start()
        guard case .tcp(let host, let port) = server.boundAddress else {
            server.shutdown()
            throw HTTPError(.internalServerError, "the scripted server is not listening on TCP")
        }
        baseURL = "http://\(host):\(port)"
    }

    /// Queues the answer to the next request.
    func answer(_ body: String, status: Int = 200) {
        let answer = Answer(status: HTTPStatus(code: status, reason: "Scripted"), body: body)
        script.answers.withLock { $0.append(answer) }
    }

    var requests: [Received] { script.received.withLock { $0 } }

    func stop() {
        server.shutdown()
    }
}

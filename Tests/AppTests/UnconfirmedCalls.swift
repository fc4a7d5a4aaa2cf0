import HTTPClient
import HTTPServer
import LocalPorts
import Logging
import TestSupport

/// Telegram as the bot sees it when the answers to one method are lost: a pass-through to the Telegram stand-in
/// that hands every call of `method` on (so Telegram does it) and then answers 502 in place of Telegram's reply, as
/// a gateway that gave up waiting would, until `confirm()`. Everything else passes through untouched.
final class UnconfirmedCalls: Sendable {
    private let server: HTTPServer
    private let upstream = Locked<String?>(nil)
    private let confirming = Locked(false)
    private let http = HTTPClient()
    private let method: String
    let baseURL: String

    init(method: String) throws {
        self.method = method
        let port = try FreePort.find()
        baseURL = "http://127.0.0.1:\(port)"
        let router = Router()
        server = HTTPServer(configuration: HTTPServerConfiguration(address: .tcp(host: "127.0.0.1", port: port)),
                            router: router, logger: Logger(label: "unconfirmed-uploads"))
        router.get("/*path") { [self] request in try forward(request) }
        router.post("/*path", bodyLimit: 60 << 20) { [self] request in try forward(request) }
        try server.start()
    }

    deinit {
        server.shutdown()
    }

    /// Where the calls go; until set, every call fails as if Telegram were down.
    func forward(to url: String) {
        upstream.withLock { $0 = url }
    }

    /// Telegram's answers to `method` get through from now on.
    func confirm() {
        confirming.withLock { $0 = true }
    }

    private func forward(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let upstream = upstream.withLock({ $0 }) else { throw HTTPError(.serviceUnavailable) }
        let passed: Set<String> = ["content-type", "accept"]
        let headers = request.headers.filter { passed.contains($0.name.lowercased()) }.map { ($0.name, $0.value) }
        let response = try http.send(HTTPClientRequest(method: request.method.rawValue, url: upstream + request.target,
                                                       headers: headers, body: .bytes(request.body)))
        if request.path.hasSuffix("/" + method), !confirming.withLock({ $0 }) {
            return .text("upstream timed out", status: HTTPStatus(code: 502, reason: "Bad Gateway"))
        }
        var replyHeaders = HTTPHeaders()
        if let type = response.header("Content-Type") { replyHeaders.set("Content-Type", type) }
        return HTTPResponse(status: HTTPStatus(code: response.status, reason: "Proxied"), headers: replyHeaders,
                            body: response.body)
    }
}

import Foundation
import HTTPClient
import HTTPServer
import Logging
import Synchronization
import Timekeeping

/// A pass-through HTTP proxy in front of a stand-in, on a fixed port, that can be told to misbehave: answer every
/// request with 500 for a while (Telegram having trouble), or stop listening for a while (a host that cannot be
/// reached). It also notes when each successful `sendVideo` arrived and every 429 it passes on, so the load run can
/// measure delivery at the stand-in's door without touching the stand-in.
final class RecordingProxy: Sendable {
    /// A `sendVideo` the stand-in accepted: when its request reached the proxy, and the message it produced.
    struct VideoReceipt: Sendable {
        let fileID: String
        let chatID: Int64
        let caption: String
        let receivedAt: Date
    }

    private struct State: Sendable {
        var server: HTTPServer?
        var failingUntil: ContinuousClock.Instant?
        var refusingUntil: ContinuousClock.Instant?
        var receipts: [VideoReceipt] = []
        var tooManyRequests = 0
        var injectedFailures = 0
    }

    /// Answers to requests whose path `matches` come back this much later, after the upstream has answered: a slow
    /// road back from Telegram or KIE's file host, the window in which a killed worker leaves its job behind.
    struct Linger: Sendable {
        let duration: Duration
        let matches: @Sendable (String) -> Bool
    }

    let port: Int
    let upstream: String
    private let linger: Linger?
    private let logger: Logger
    private let http = HTTPClient(configuration: .init(connectTimeout: .seconds(5), timeout: .seconds(120),
                                                       maxResponseBytes: 64 << 20, userAgent: "recording-proxy",
                                                       maxIdleHandles: 48))
    private let state = Mutex(State())
    /// Uploads up to Telegram's 50 MB video limit pass through.
    private static let bodyLimit = 60 << 20

    init(port: Int, upstream: String, linger: Linger? = nil, logger: Logger) {
        self.port = port
        self.upstream = upstream
        self.linger = linger
        self.logger = logger
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func start() throws {
        let router = Router()
        router.get("/*path") { [self] request in forward(request) }
        router.post("/*path", bodyLimit: Self.bodyLimit) { [self] request in forward(request) }
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(address: .tcp(host: "127.0.0.1", port: port), handlerThreads: 48,
                                                   defaultBodyLimit: Self.bodyLimit, shutdownGracePeriod: .seconds(1)),
            router: router, logger: logger)
        try server.start()
        state.withLock { $0.server = server }
    }

    func shutdown() {
        let server = state.withLock { state in
            defer { state.server = nil }
            return state.server
        }
        server?.shutdown()
    }

    /// Every request is answered 500 (Telegram's shape) until `duration` has passed.
    func fail(for duration: Duration) {
        state.withLock { $0.failingUntil = .now + duration }
        logger.warning("proxy answers 500", metadata: ["upstream": "\(upstream)", "seconds": "\(duration)"])
    }

    /// Stops listening (connections are refused) and listens again once `duration` has passed.
    func refuse(for duration: Duration) {
        state.withLock { $0.refusingUntil = .now + duration }
        shutdown()
        logger.warning("proxy stopped listening", metadata: ["upstream": "\(upstream)", "seconds": "\(duration)"])
        let thread = Thread { [self] in
            Thread.sleep(forTimeInterval: duration.seconds)
            var restarted = false
            while !restarted {
                do {
                    try start()
                    restarted = true
                } catch {
                    logger.error("proxy could not listen again, retrying", metadata: ["error": "\(error)"])
                    Thread.sleep(forTimeInterval: 0.2)
                }
            }
            state.withLock { $0.refusingUntil = nil }
            logger.warning("proxy listens again", metadata: ["upstream": "\(upstream)"])
        }
        thread.start()
    }

    var receipts: [VideoReceipt] { state.withLock { $0.receipts } }
    var tooManyRequests: Int { state.withLock { $0.tooManyRequests } }
    var injectedFailures: Int { state.withLock { $0.injectedFailures } }

    private func forward(_ request: HTTPRequest) -> HTTPResponse {
        let receivedAt = Date()
        let failing = state.withLock { state -> Bool in
            guard let until = state.failingUntil, until > .now else { return false }
            state.injectedFailures += 1
            return true
        }
        if failing {
            return .json(Array(#"{"ok":false,"error_code":500,"description":"Internal Server Error"}"#.utf8),
                         status: HTTPStatus(code: 500, reason: "Internal Server Error"))
        }
        let skipped: Set<String> = ["host", "content-length", "connection", "transfer-encoding", "expect"]
        let headers = request.headers.filter { !skipped.contains($0.name.lowercased()) }.map { ($0.name, $0.value) }
        let response: HTTPClientResponse
        do {
            response = try http.send(HTTPClientRequest(method: request.method.rawValue, url: upstream + request.target,
                                                       headers: headers, body: .bytes(request.body)))
        } catch {
            return .text("proxy: upstream unreachable: \(error)", status: HTTPStatus(code: 502, reason: "Bad Gateway"))
        }
        note(request, response, receivedAt: receivedAt)
        if let linger, linger.matches(request.path) { Thread.sleep(forTimeInterval: linger.duration.seconds) }
        var replyHeaders = HTTPHeaders()
        for name in ["Content-Type", "Retry-After"] {
            if let value = response.header(name) { replyHeaders.set(name, value) }
        }
        return HTTPResponse(status: HTTPStatus(code: response.status, reason: "Proxied"), headers: replyHeaders,
                            body: response.body)
    }

    private struct SentMessage: Decodable {
        struct Result: Decodable {
            struct Chat: Decodable { let id: Int64 }
            struct Video: Decodable { let file_id: String }
            let chat: Chat
            let caption: String?
            let video: Video?
        }
        let result: Result
    }

    private func note(_ request: HTTPRequest, _ response: HTTPClientResponse, receivedAt: Date) {
        if response.status == 429 {
            state.withLock { $0.tooManyRequests += 1 }
            return
        }
        guard response.status == 200, request.path.hasSuffix("/sendVideo"),
              let sent = try? JSONDecoder().decode(SentMessage.self, from: Data(response.body)),
              let video = sent.result.video
        else { return }
        let receipt = VideoReceipt(fileID: video.file_id, chatID: sent.result.chat.id,
                                   caption: sent.result.caption ?? "", receivedAt: receivedAt)
        state.withLock { $0.receipts.append(receipt) }
    }
}

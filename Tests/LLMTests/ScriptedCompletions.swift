import Foundation
import HTTPServer
import Logging
import Synchronization

/// A stand-in Chat Completions endpoint on our own server: answers `/v1/chat/completions` with the responses
/// a test scripted, in order, and keeps every request it received. Tests stop it in a `defer`.
final class ScriptedCompletions: Sendable {
    let baseURL: String
    private let server: HTTPServer
    private let exchange = Exchange()

    /// What the handler and the test share: the responses still to give and the requests received.
    private final class Exchange: Sendable {
        let script = Mutex<[(delay: Duration, response: HTTPResponse)]>([])
        let received = Mutex<[HTTPRequest]>([])
    }

    init() throws {
        let router = Router()
        let configuration = HTTPServerConfiguration(
            address: .tcp(host: "127.0.0.1", port: 0), handlerThreads: 4, ioThreads: 1,
            shutdownGracePeriod: .milliseconds(500))
        server = HTTPServer(configuration: configuration, router: router,
                            logger: Logger(label: "llm-tests") { _ in SwiftLogNoOpLogHandler() })
        let exchange = exchange
        router.post("/v1/chat/completions", bodyLimit: 8 << 20) { request in
            exchange.received.withLock { $0.append(request) }
            let next = exchange.script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            guard let next else { return .text("nothing scripted", status: .internalServerError) }
            // Plays a slow upstream for timeout tests; nothing waits on this sleep.
            if next.delay > .zero { Thread.sleep(forTimeInterval: Double(next.delay.components.seconds)) }
            return next.response
        }
        try server.start()
        guard case .tcp(let host, let port) = server.boundAddress else {
            server.shutdown()
            throw HTTPError(.internalServerError, "server is not listening on TCP")
        }
        baseURL = "http://\(host):\(port)/v1"
    }

    func stop() {
        server.shutdown()
    }

    /// Answers the next call with `status` and a raw JSON body, after `delay` (whole seconds).
    func answer(status: Int = 200, json: String, after delay: Duration = .zero) {
        let response = HTTPResponse.json(Array(json.utf8), status: HTTPStatus(code: status, reason: "Scripted"))
        exchange.script.withLock { $0.append((delay, response)) }
    }

    /// Answers the next call with a successful completion whose assistant message content is `content`.
    func answerContent(_ content: String, finishReason: String = "stop") {
        let message: [String: Any] = ["role": "assistant", "content": content, "refusal": NSNull()]
        answerMessage(message, finishReason: finishReason)
    }

    func answerMessage(_ message: [String: Any], finishReason: String = "stop") {
        let envelope: [String: Any] = [
            "id": "chatcmpl-test", "object": "chat.completion", "created": 1_700_000_000, "model": "gpt-test",
            "choices": [["index": 0, "message": message, "finish_reason": finishReason]],
            "usage": ["prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: envelope)) ?? Data()
        answer(json: String(decoding: data, as: UTF8.self))
    }

    /// The JSON object `value` as compact text, for `answerContent`.
    static func jsonText(_ value: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: value)) ?? Data(), as: UTF8.self)
    }

    var requests: [HTTPRequest] { exchange.received.withLock { $0 } }

    /// The body of the `index`th request as a JSON object.
    func requestJSON(_ index: Int = 0) -> [String: Any] {
        let all = requests
        guard all.indices.contains(index) else { return [:] }
        return (try? JSONSerialization.jsonObject(with: Data(all[index].body))) as? [String: Any] ?? [:]
    }
}

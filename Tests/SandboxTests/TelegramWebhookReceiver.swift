import Foundation
import HTTPServer
import Logging
import Synchronization
import Telegram

/// A tiny bot stand-in for tests: an HTTPServer that records the updates posted to `/hook` with their secret
/// header, can be told to fail the first requests, and to answer button presses in its responses.
final class TelegramWebhookReceiver: Sendable {
    struct Received: Sendable {
        var update: Update
        var secret: String?
    }

    private final class Record: Sendable {
        let received = Mutex<[Received]>([])
        let failuresLeft: Mutex<Int>
        let attempts = Mutex(0)
        let pressAnswer: String?

        init(failures: Int, pressAnswer: String?) {
            failuresLeft = Mutex(failures)
            self.pressAnswer = pressAnswer
        }

        func handle(_ request: HTTPRequest) throws -> HTTPResponse {
            attempts.withLock { $0 += 1 }
            let fail = failuresLeft.withLock { left in
                defer { left = max(0, left - 1) }
                return left > 0
            }
            if fail { return HTTPResponse.text("try later", status: .internalServerError) }
            let update = try JSONDecoder().decode(Update.self, from: Data(request.body))
            received.withLock {
                $0.append(Received(update: update, secret: request.headers["X-Telegram-Bot-Api-Secret-Token"]))
            }
            if let pressAnswer, let query = update.callbackQuery {
                let answer = AnswerCallbackQuery(callbackQueryID: query.id, text: pressAnswer)
                return HTTPResponse.json(Array(try JSONEncoder().encode(WebhookReply(answer))))
            }
            return HTTPResponse.text("ok")
        }
    }

    private let server: HTTPServer
    private let record: Record

    /// `answerPresses`: the text each button press is answered with, in the 200 (`WebhookReply`).
    init(failFirst failures: Int = 0, answerPresses pressAnswer: String? = nil) throws {
        let record = Record(failures: failures, pressAnswer: pressAnswer)
        self.record = record
        let router = Router()
        router.post("/hook") { request in try record.handle(request) }
        server = HTTPServer(configuration: HTTPServerConfiguration(address: .tcp(host: "127.0.0.1", port: 0)),
                            router: router, logger: Logger(label: "webhook-receiver"))
        try server.start()
    }

    var url: String {
        guard case .tcp(let host, let port)? = server.boundAddress else { return "http://127.0.0.1:1/hook" }
        return "http://\(host):\(port)/hook"
    }

    var updates: [Received] { record.received.withLock { $0 } }
    var attemptCount: Int { record.attempts.withLock { $0 } }

    func shutdown() {
        server.shutdown()
    }
}

import Bot
import Foundation
import HTTPServer
import Telegram

/// `POST /telegram/webhook`: Telegram's updates. A thrown database error becomes a 500, so Telegram retries.
/// A button press is answered in the 200 itself (`WebhookReply`).
enum TelegramWebhookEndpoint {
    static let path = "/telegram/webhook"
    static let bodyLimit = 1 << 20

    static func register(on router: Router, webhook: TelegramWebhook) {
        router.post(path, bodyLimit: bodyLimit) { request in
            switch try webhook.receive(secretToken: request.headers["X-Telegram-Bot-Api-Secret-Token"],
                                       body: request.body) {
            case .accepted(let answer), .duplicate(let answer):
                guard let answer else { return HTTPResponse(status: .ok) }
                return .json(Array(try JSONEncoder().encode(WebhookReply(answer))))
            case .unauthorized: return .text("unauthorized\n", status: .unauthorized)
            case .malformed: return .text("malformed update\n", status: .badRequest)
            }
        }
    }
}

import Bot
import HTTPServer

/// `POST /telegram/webhook`: Telegram's updates. A thrown database error becomes a 500, so Telegram retries.
enum TelegramWebhookEndpoint {
    static let path = "/telegram/webhook"
    static let bodyLimit = 1 << 20

    static func register(on router: Router, webhook: TelegramWebhook) {
        router.post(path, bodyLimit: bodyLimit) { request in
            switch try webhook.receive(secretToken: request.headers["X-Telegram-Bot-Api-Secret-Token"],
                                       body: request.body) {
            case .accepted, .duplicate: HTTPResponse(status: .ok)
            case .unauthorized: .text("unauthorized\n", status: .unauthorized)
            case .malformed: .text("malformed update\n", status: .badRequest)
            }
        }
    }
}

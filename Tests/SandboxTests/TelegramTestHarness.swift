import Foundation
import HTTPClient
import Logging
import Sandbox
import Telegram

/// A running stand-in with the spec loaded, a TelegramClient pointed at it, and helpers for raw calls.
final class TelegramTestHarness {
    let standIn: TelegramStandIn
    let client: TelegramClient
    let http = HTTPClient()
    let token: String

    static let ann = User(id: 1001, firstName: "Ann", username: "ann")
    static let bob = User(id: 1002, firstName: "Bob")

    /// The spec beside the project (the package root is the tests' working directory).
    static var specPath: String {
        ProcessInfo.processInfo.environment["TELEGRAM_SPEC_PATH"]
            ?? FileManager.default.currentDirectoryPath + "/../shared/telegram/bot-api-spec.json"
    }

    init(rateLimits: TelegramStandInConfiguration.RateLimits = .off,
         webhook: TelegramStandInConfiguration.WebhookDelivery = .init(
             requestTimeout: .seconds(5), initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(100))) throws {
        let configuration = TelegramStandInConfiguration(specPath: Self.specPath, rateLimits: rateLimits,
                                                         webhook: webhook)
        token = configuration.botToken
        standIn = TelegramStandIn(configuration: configuration, logger: Logger(label: "telegram-stand-in"))
        try standIn.start()
        client = TelegramClient(token: token, apiBase: standIn.baseURL, http: http)
    }

    deinit {
        standIn.shutdown()
    }

    func methodURL(_ method: String) -> String {
        "\(standIn.baseURL)/bot\(token)/\(method)"
    }

    /// Posts `json` (an object literal as text) to a method and returns the status and decoded answer.
    func rawCall(_ method: String, json: String) throws -> (status: Int, body: [String: Any]) {
        let request = HTTPClientRequest(method: "POST", url: methodURL(method),
                                        headers: [("Content-Type", "application/json")], body: .bytes(Array(json.utf8)))
        return decode(try http.send(request))
    }

    /// The status and the JSON object answered (empty when the body is not one, as for plain-text errors).
    func decode(_ response: HTTPClientResponse) -> (status: Int, body: [String: Any]) {
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, object)
    }

    /// Ann's first message, so her chat exists (Telegram only lets a bot write to users who started it).
    func startChat(_ user: User = TelegramTestHarness.ann) {
        standIn.sendText(from: user, text: "/start")
    }
}

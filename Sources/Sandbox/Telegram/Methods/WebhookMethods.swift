import Foundation
import HTTPServer
import JSON
import Telegram

/// setWebhook, deleteWebhook, getWebhookInfo, setMyCommands.
extension TelegramStandIn {
    func setWebhook(_ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        let url = try parameters.requiredString("url")
        if url.isEmpty { return deleteWebhook(parameters) }
        // The stand-in accepts plain http: the sandbox's bot listens on localhost without TLS.
        guard let components = URLComponents(string: url), ["http", "https"].contains(components.scheme?.lowercased()),
              !(components.host ?? "").isEmpty else {
            throw BotAPIError.badRequest("invalid webhook URL specified")
        }
        let secret = parameters.string("secret_token")
        if let secret, !secret.unicodeScalars.allSatisfy(Self.isSecretTokenCharacter) {
            throw BotAPIError.badRequest("secret token contains unallowed characters")
        }
        var allowedUpdates: [String]?
        if parameters.values["allowed_updates"] != nil {
            guard case .array(let items)? = parameters.json("allowed_updates") else {
                throw BotAPIError.badRequest("can't parse allowed updates JSON object")
            }
            allowedUpdates = items.compactMap(\.stringValue)
        }
        let maxConnections = parameters.integer("max_connections").map(Int.init)
        let alreadySet = webhook.status.settings.url == url
        webhook.configure({ settings in
            settings.url = url
            settings.secretToken = secret
            if let allowedUpdates { settings.allowedUpdates = allowedUpdates }
            if let maxConnections { settings.maxConnections = maxConnections }
        }, dropPending: parameters.bool("drop_pending_updates") ?? false)
        return BotAPIReply.ok(JSONValue.bool(true), description: alreadySet ? "Webhook is already set" : "Webhook was set")
    }

    func deleteWebhook(_ parameters: CallParameters) -> HTTPResponse {
        let wasSet = !webhook.status.settings.url.isEmpty
        webhook.configure({ $0.url = "" }, dropPending: parameters.bool("drop_pending_updates") ?? false)
        return BotAPIReply.ok(JSONValue.bool(true), description: wasSet ? "Webhook was deleted" : "Webhook is already deleted")
    }

    func getWebhookInfo() -> HTTPResponse {
        let status = webhook.status
        var info: [String: JSONValue] = [
            "url": .string(status.settings.url),
            "has_custom_certificate": .bool(false),
            "pending_update_count": .integer(status.pendingCount),
        ]
        if !status.settings.url.isEmpty { info["max_connections"] = .integer(status.settings.maxConnections) }
        if !status.settings.allowedUpdates.isEmpty {
            info["allowed_updates"] = .array(status.settings.allowedUpdates.map(JSONValue.string))
        }
        if let date = status.lastErrorDate, let message = status.lastErrorMessage {
            info["last_error_date"] = .integer(Int(date))
            info["last_error_message"] = .string(message)
        }
        return BotAPIReply.ok(JSONValue.object(info))
    }

    func setMyCommands(_ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        guard let json = parameters.json("commands"),
              let commands = try? JSONDecoder().decode([BotCommand].self, from: Data(json.serialized())) else {
            throw BotAPIError.badRequest("can't parse commands JSON object")
        }
        let scope = parameters.json("scope")?["type"]?.stringValue ?? "default"
        let key = "\(scope)|\(parameters.string("language_code") ?? "")"
        state.withLock { $0.commands[key] = commands }
        return BotAPIReply.ok(JSONValue.bool(true))
    }

    private static func isSecretTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == "-")
    }
}

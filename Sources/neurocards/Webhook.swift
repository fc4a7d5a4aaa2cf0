import App
import ArgumentParser
import HTTPClient
import Telegram

struct SetWebhook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-webhook",
        abstract: "Point Telegram at PUBLIC_BASE_URL/telegram/webhook and register the command lists.")

    @OptionGroup var options: ConfigurationOptions

    @Flag(help: "Drop the updates Telegram has queued for the bot.")
    var dropPendingUpdates = false

    func run() throws {
        let configuration = try loadConfiguration(options)
        guard let base = configuration.publicBaseURL else {
            try reportingConfigurationErrors {
                throw ConfigurationError(variable: "PUBLIC_BASE_URL", problem: "is not set")
            }
            return
        }
        let (client, secret) = try telegramClient(configuration)
        let url = base + "/telegram/webhook"
        _ = try client.call(Telegram.SetWebhook(
            url: url, secretToken: secret, allowedUpdates: BotCommands.allowedUpdates,
            dropPendingUpdates: dropPendingUpdates ? true : nil))
        for request in BotCommands.registrations {
            _ = try client.call(request)
        }
        print("webhook set to \(url); commands registered in \(BotCommands.registrations.count) languages")
    }
}

struct DeleteWebhook: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete-webhook", abstract: "Remove the webhook.")

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        let (client, _) = try telegramClient(try loadConfiguration(options))
        _ = try client.call(Telegram.DeleteWebhook())
        print("webhook deleted")
    }
}

func telegramClient(_ configuration: AppConfiguration) throws -> (TelegramClient, String) {
    let credentials = try reportingConfigurationErrors { try configuration.requireTelegram() }
    let client = TelegramClient(token: credentials.token, apiBase: configuration.telegram.apiBase, http: HTTPClient())
    return (client, credentials.webhookSecret)
}

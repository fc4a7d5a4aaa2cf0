import Domain
import Telegram

/// What `set-webhook` registers with Telegram besides the URL.
public enum BotCommands {
    /// The update kinds the bot acts on; Telegram drops the rest before they cost a request.
    public static let allowedUpdates = ["message", "callback_query", "my_chat_member", "pre_checkout_query"]

    /// One command list per language, the Russian one also as the default for every other language.
    public static var registrations: [SetMyCommands] {
        let russian = commands(Language.ru)
        return [SetMyCommands(commands: russian), SetMyCommands(commands: russian, languageCode: "ru"),
                SetMyCommands(commands: commands(.en), languageCode: "en")]
    }

    private static func commands(_ language: Language) -> [BotCommand] {
        language.texts.commands.map { BotCommand($0.command, $0.description) }
    }
}

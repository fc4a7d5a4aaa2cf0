import App
import ArgumentParser

@main
struct NeuroCards: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neurocards",
        abstract: "AI product videos for marketplace sellers, behind a Telegram bot.",
        subcommands: [Serve.self, Worker.self, Migrate.self, SetWebhook.self, DeleteWebhook.self, Admin.self, Version.self])
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")

    func run() {
        print("neurocards \(BuildInfo.version)")
    }
}

/// Options every command that reads the configuration shares.
struct ConfigurationOptions: ParsableArguments {
    @Option(help: "A file of KEY=value lines read before the environment (the environment wins).")
    var envFile = ".env"
}

import App
import ArgumentParser
import Foundation
import Logging

@main
struct NeuroCards: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neurocards",
        abstract: "AI product videos for marketplace sellers, behind a Telegram bot.",
        subcommands: [Serve.self, Version.self])
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")

    func run() {
        print("neurocards \(BuildInfo.version)")
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server and the background workers.")

    @Option(help: "A file of KEY=value lines read before the environment (the environment wins).")
    var envFile = ".env"

    func run() throws {
        let configuration = try loadConfiguration(envFile: envFile)
        let metrics = PrometheusMetrics()
        metrics.bootstrap()
        LoggingSetup.bootstrap(level: configuration.logLevel, secrets: configuration.secrets)
        let service = Service(configuration: configuration, metrics: metrics, logger: Logger(label: "neurocards"))
        try service.start()
        ShutdownSignal.wait()
        service.stop()
    }
}

/// A bad configuration ends the start with one line that names the variable, and exit status 78 (EX_CONFIG).
func loadConfiguration(envFile: String) throws -> AppConfiguration {
    do {
        return try AppConfiguration(environment: Environment.load(dotEnvPath: envFile))
    } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(78)
    }
}

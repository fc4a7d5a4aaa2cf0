import App
import ArgumentParser
import Logging

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server and the background workers.")

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        try runService(role: .web, options: options)
    }
}

struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run background workers only (to scale out).")

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        try runService(role: .worker, options: options)
    }
}

/// Starts the service, waits for SIGTERM or SIGINT, stops gracefully and exits 0.
func runService(role: Service.Role, options: ConfigurationOptions) throws {
    let configuration = try loadConfiguration(options)
    let metrics = PrometheusMetrics()
    metrics.bootstrap()
    LoggingSetup.bootstrap(level: configuration.logLevel, secrets: configuration.secrets)
    let service = try reportingConfigurationErrors {
        try Service(configuration: configuration, metrics: metrics, logger: Logger(label: "neurocards"), role: role)
    }
    try service.start()
    ShutdownSignal.wait()
    service.stop()
}

import App
import ArgumentParser
import HTTPServer
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

    @Option(help: "Also serve /healthz, /readyz and /metrics at this address (host:port, [v6]:port or unix:/path).")
    var metricsAddress: String?

    func validate() throws {
        if let metricsAddress, (try? ListenAddress(parsing: metricsAddress)) == nil {
            throw ValidationError("--metrics-address: \(metricsAddress.debugDescription) is not host:port, [v6]:port or unix:/path")
        }
    }

    func run() throws {
        try runService(role: .worker(metricsAddress: metricsAddress.flatMap { try? ListenAddress(parsing: $0) }),
                       options: options)
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

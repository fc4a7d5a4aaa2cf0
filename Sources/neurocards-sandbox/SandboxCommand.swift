import App
import ArgumentParser
import EmbeddedPostgres
import Foundation
import HTTPClient
import LocalPorts
import Logging
import Sandbox
import Telegram

/// `neurocards-sandbox`: the whole bot offline. An embedded PostgreSQL, stand-ins of Telegram, KIE and OpenAI
/// (with the browser chat page), and the service wired to them with freshly minted secrets. Real tokens and base
/// URLs in the environment are ignored: `neurocards serve` is the production command. A binary of its own, so
/// the production one carries no stand-ins.
@main
struct SandboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neurocards-sandbox",
        abstract: "Run the bot offline with local stand-ins of Telegram, KIE and OpenAI, and a browser chat page.")

    @Option(help: "Port of the chat page and the stand-ins (0 picks a free one).")
    var port = 8080

    @Option(help: "Port of the service (0 picks a free one).")
    var servicePort = 0

    @Option(help: "Where the sandbox keeps its PostgreSQL cluster, media and videos.")
    var directory = ".sandbox"

    @Flag(help: "Start from an empty database (deletes the sandbox's PostgreSQL cluster first).")
    var reset = false

    @Option(help: "Seconds KIE takes to generate one video: a range MIN-MAX or one number.")
    var generationSeconds = "2-5"

    @Option(help: "Credits a new user receives.")
    var freeCredits = 100

    @Option(name: .customLong("admin-ids"),
            help: "Comma-separated user ids that are operators (/stats, /grant, /user, /refund, /reply) on the chat page.")
    var adminIDs = "1001"

    @Option(help: "Telegram's bot-api-spec.json, to validate the bot's calls (default: TELEGRAM_SPEC_PATH, else ../shared/telegram/).")
    var telegramSpec: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Flag(help: "Print the CPU time the KIE stand-in spends rendering a 5 s 720×1280 clip of each scene, and exit.")
    var measureRender = false

    func validate() throws {
        _ = try generationTime()
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        guard (0...65535).contains(port), (0...65535).contains(servicePort) else { throw ValidationError("ports are 0-65535") }
        guard (0...1_000_000).contains(freeCredits) else { throw ValidationError("--free-credits must be 0-1000000") }
    }

    func run() throws {
        if measureRender { return try printRenderCost() }
        let secrets = SandboxSecrets.generate()
        let metrics = PrometheusMetrics()
        metrics.bootstrap()
        LoggingSetup.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .info, secrets: secrets.all)
        let logger = Logger(label: "neurocards-sandbox")
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)

        let postgres = try EmbeddedPostgres(directory: root + "/postgres", settings: Self.postgresSettings, reset: reset,
                                            logger: logger)
        let running: (service: Service, standIns: StandInServer)
        let databaseURL = postgres.url(database: "neurocards")
        do {
            try postgres.start()
            try postgres.createDatabaseIfMissing(named: "neurocards")
            running = try start(secrets: secrets, root: root, databaseURL: databaseURL, metrics: metrics, logger: logger)
        } catch {
            stop(postgres, logger: logger)
            throw error
        }
        announce(page: running.standIns.origin, service: running.service, database: databaseURL)
        ShutdownSignal.wait()
        logger.info("stopping the sandbox")
        running.service.stop()
        running.standIns.shutdown()
        stop(postgres, logger: logger)
    }

    /// Room for the service's pool and an operator's psql sessions.
    private static let postgresSettings = ServerSettings(maxConnections: 100, sharedBuffers: "32MB")

    /// On the way out a failure to stop is reported, not thrown: the other parts are stopped already.
    private func stop(_ postgres: EmbeddedPostgres, logger: Logger) {
        do {
            try postgres.stop()
        } catch {
            logger.error("postgresql did not stop", metadata: ["error": "\(error)"])
        }
    }

    /// Starts the stand-ins, then the service, then points the Telegram stand-in's webhook at the service.
    private func start(secrets: SandboxSecrets, root: String, databaseURL: String, metrics: PrometheusMetrics,
                       logger: Logger) throws -> (Service, StandInServer) {
        var standInConfiguration = StandInServer.Configuration(secrets: secrets)
        standInConfiguration.port = port
        standInConfiguration.generationTime = try generationTime()
        standInConfiguration.kieDirectory = root + "/kie"
        standInConfiguration.telegramSpecPath = telegramSpec ?? BotAPISpec.defaultPath
        let standIns = try StandInServer(configuration: standInConfiguration, logger: logger)

        let serviceOrigin = "http://127.0.0.1:\(servicePort == 0 ? try FreePort.find() : servicePort)"
        let configuration = try AppConfiguration(environment: Environment(serviceEnvironment(
            secrets: secrets, serviceOrigin: serviceOrigin, standIns: standIns, root: root, databaseURL: databaseURL)))
        let service = try Service(configuration: configuration, metrics: metrics, logger: logger, role: .web,
                                  tuning: Self.tuning)
        UserRecordsEndpoint(pool: service.database).register(on: standIns.router)
        try standIns.start()
        do {
            try service.start()
            try connectBot(secrets: secrets, apiBase: standIns.origin, webhookURL: serviceOrigin + "/telegram/webhook")
        } catch {
            service.stop()
            standIns.shutdown()
            throw error
        }
        return (service, standIns)
    }

    /// The variables `serve` would read from the environment, pointing at the stand-ins instead.
    private func serviceEnvironment(secrets: SandboxSecrets, serviceOrigin: String, standIns: StandInServer,
                                    root: String, databaseURL: String) -> [String: String] {
        [
            "DATABASE_URL": databaseURL,
            "LISTEN_ADDR": String(serviceOrigin.dropFirst("http://".count)),
            "PUBLIC_BASE_URL": serviceOrigin,
            "TELEGRAM_BOT_TOKEN": secrets.botToken,
            "TELEGRAM_WEBHOOK_SECRET": secrets.webhookSecret,
            "TELEGRAM_API_BASE": standIns.origin,
            "TELEGRAM_BOT_USERNAME": TelegramStandInConfiguration().botUsername,
            "OPENAI_API_KEY": secrets.openAIKey,
            "OPENAI_BASE_URL": standIns.openAIBaseURL,
            "KIE_API_KEYS": secrets.kieAPIKeys.joined(separator: ","),
            "KIE_BASE_URL": standIns.origin,
            "KIE_WEBHOOK_HMAC_KEY": secrets.kieWebhookHMACKey,
            // The KIE stand-in serves results from this machine, over http.
            "KIE_RESULT_HOSTS": "127.0.0.1",
            "KIE_RESULT_ALLOW_PRIVATE": "1",
            "SIGNING_SECRET": secrets.signingSecret,
            "MEDIA_DIR": root + "/media",
            "FREE_CREDITS": "\(freeCredits)",
            "ADMIN_IDS": adminIDs,
            "LOG_LEVEL": logLevel,
        ]
    }

    /// Production's limits, with the waits a person watching the page would otherwise sit through shortened:
    /// a dropped callback is noticed after 20 s instead of 90, and progress is redrawn every 3 s.
    private static var tuning: Service.Tuning {
        var tuning = Service.Tuning()
        tuning.pipeline.callbackGrace = .seconds(20)
        tuning.pipeline.pollInterval = .seconds(5)
        tuning.pipeline.statusThrottle = .seconds(3)
        tuning.pipeline.deadline = .seconds(15 * 60)
        return tuning
    }

    /// What `set-webhook` does in production: the webhook with its secret, and the command lists.
    private func connectBot(secrets: SandboxSecrets, apiBase: String, webhookURL: String) throws {
        let client = TelegramClient(token: secrets.botToken, apiBase: apiBase, http: HTTPClient())
        _ = try client.call(Telegram.SetWebhook(url: webhookURL, secretToken: secrets.webhookSecret,
                                                allowedUpdates: BotCommands.allowedUpdates))
        for request in BotCommands.registrations {
            _ = try client.call(request)
        }
    }

    private func announce(page: String, service: Service, database: String) {
        // Written unbuffered: a script waiting for the address reads it at once even through a pipe.
        FileHandle.standardOutput.write(Data("""

            NeuroCards sandbox is running.
              chat page:  \(page)/
              service:    \(service.boundAddress.map { "http://\($0)" } ?? "?")  (/healthz, /readyz, /metrics)
              postgresql: \(database)
            Ctrl-C stops everything.


            """.utf8))
    }

    /// The figure `--measure-render` prints: every scene's CPU time, then the mean and the worst.
    private func printRenderCost() throws {
        guard let figures = try RenderCost.measure(logger: Logger(label: "render-cost")), !figures.isEmpty else {
            throw ValidationError("--measure-render needs ffmpeg")
        }
        let cpu = figures.map(\.cpuSeconds)
        let each = figures.map { String(format: "%@ %.2f s", $0.motion, $0.cpuSeconds) }.joined(separator: ", ")
        print(String(format: "KIE stand-in render of a 5 s 720×1280 clip at %d fps: %.2f s of CPU on average, %.2f s at most (%@)",
                     KIEStandInConfiguration.VideoSettings.sandbox.framesPerSecond, cpu.reduce(0, +) / Double(cpu.count),
                     cpu.max() ?? 0, each))
    }

    /// `--generation-seconds` as a range: "3" is exactly 3 s, "2-5" anything between.
    private func generationTime() throws -> ClosedRange<Duration> {
        let bounds = generationSeconds.split(separator: "-", omittingEmptySubsequences: false).map { Double($0) }
        guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil,
              low >= 0, low <= high, high <= 3600 else {
            throw ValidationError("--generation-seconds must be N or MIN-MAX seconds (0-3600), got \(generationSeconds)")
        }
        return .milliseconds(Int(low * 1000)) ... .milliseconds(Int(high * 1000))
    }
}

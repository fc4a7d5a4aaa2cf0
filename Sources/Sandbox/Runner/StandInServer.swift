import HTTPServer
import LocalPorts
import Logging

/// The Telegram, KIE and OpenAI stand-ins and the browser chat page on one HTTP server, so the page reaches all
/// of their test APIs from one origin: `/` the page, `/bot<token>/…` Telegram, `/api/…` KIE, `/v1/…` OpenAI,
/// `/sandbox/…` the test APIs.
public final class StandInServer: Sendable {
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        /// 0 picks a free port.
        public var port = 8080
        /// Where Telegram's `bot-api-spec.json` is read from; nil turns call validation off.
        public var telegramSpecPath: String?
        /// How long the KIE stand-in spends generating one video.
        public var generationTime: ClosedRange<Duration> = .seconds(2) ... .seconds(5)
        /// How long a KIE task waits in the queue before generation starts.
        public var queueTime: ClosedRange<Duration> = .milliseconds(300) ... .seconds(1)
        /// Where the KIE stand-in keeps the photos it fetched and the videos it made.
        public var kieDirectory: String?
        public var secrets: SandboxSecrets

        public init(secrets: SandboxSecrets) {
            self.secrets = secrets
        }
    }

    public let telegram: TelegramStandIn
    public let kie: KIEStandIn
    public let openAI: OpenAIStandIn
    /// Routes added here before `start()` are served beside the stand-ins' (the runner adds its own).
    public let router = Router()
    private let server: HTTPServer
    private let logger: Logger

    public init(configuration: Configuration, logger: Logger) throws {
        self.logger = logger
        // The KIE stand-in puts this origin into its result links, so it must be known before anything binds.
        let port = configuration.port == 0 ? try FreePort.find() : configuration.port
        let origin = "http://\(configuration.host):\(port)"
        let secrets = configuration.secrets

        telegram = TelegramStandIn(
            configuration: TelegramStandInConfiguration(
                host: configuration.host, port: port, botToken: secrets.botToken,
                specPath: configuration.telegramSpecPath),
            logger: logger)
        kie = try KIEStandIn(
            configuration: KIEStandInConfiguration(
                host: configuration.host, port: port, publicBaseURL: origin, apiKeys: secrets.kieAPIKeys,
                webhookHMACKey: secrets.kieWebhookHMACKey, queueTime: configuration.queueTime,
                generationTime: configuration.generationTime, createRateLimit: .kieCreate, queryRateLimit: .kieQuery,
                callbackRetryDelay: .seconds(2), video: .sandbox, workDirectory: configuration.kieDirectory),
            logger: logger)
        openAI = OpenAIStandIn(
            configuration: OpenAIStandInConfiguration(host: configuration.host, port: port, apiKey: secrets.openAIKey),
            logger: logger)

        // The model sees the photo; the stand-in learns the seller's words about it from the chat instead.
        openAI.readCaptions { [telegram] in telegram.caption(ofUpload: $0) }
        telegram.register(on: router)
        kie.register(on: router)
        openAI.register(on: router)
        ChatPage(telegram: telegram).register(on: router)
        server = HTTPServer(
            configuration: HTTPServerConfiguration(
                address: .tcp(host: configuration.host, port: port), shutdownGracePeriod: .seconds(2)),
            router: router, logger: logger)
    }

    /// The address the page and the stand-ins are served at.
    public var origin: String { telegram.baseURL }
    /// The OpenAI base URL to configure the service with.
    public var openAIBaseURL: String { origin + OpenAIStandIn.apiPath }

    public func start() throws {
        try server.start()
        telegram.startDeliveringUpdates()
        logger.info("stand-ins started", metadata: ["url": "\(origin)"])
    }

    /// Stops serving, then lets the stand-ins end their own background work (webhook pushes, KIE callbacks).
    public func shutdown() {
        server.shutdown()
        telegram.shutdown()
        kie.shutdown()
        openAI.shutdown()
    }
}

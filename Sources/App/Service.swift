import Bot
import Dispatch
import Domain
import Foundation
import HTTPClient
import HTTPServer
import JobQueue
import KIE
import LLM
import Logging
import Postgres
import Telegram

/// The running service: PostgreSQL, the background workers and (for `serve`) the HTTP server, started and
/// stopped as one.
public final class Service: Sendable {
    public enum Role: Sendable {
        /// HTTP endpoints and background workers (`neurocards serve`).
        case web
        /// Background workers only (`neurocards worker`), for scaling out; with an address, they also serve
        /// `/healthz`, `/readyz` and `/metrics` there, so each worker process can be scraped.
        case worker(metricsAddress: ListenAddress?)

        /// Threads answering HTTP requests, each holding at most one pooled connection. In the web role, one per
        /// connection Telegram opens (40): updates wait for their batch's commit on these threads, not on
        /// connections (`TelegramWebhook.Settings.batchSlots`), and the more that wait, the bigger the batch
        /// (bench/webhook with four batches at once, known users: 0.56x pgbench at 20 threads, 0.66x at 40).
        var handlerThreads: Int {
            switch self {
            case .web: 40
            case .worker: 4
            }
        }
    }

    /// Limits that production leaves at their defaults and tests tighten.
    public struct Tuning: Sendable {
        public var pipeline = PipelineTuning()
        public var updateRate = UpdateRateLimit()
        public var sendLimits = SendRateLimiter.Limits()
        public var maxActiveOrders = 3

        public init() {}

        /// Stops the start when a limit cannot work, naming it.
        public func validate() throws {
            if let problem = pipeline.problem() { throw ConfigurationError(variable: "tuning", problem: problem) }
            if maxActiveOrders < 1 { throw ConfigurationError(variable: "tuning", problem: "maxActiveOrders must be at least 1") }
        }
    }

    public let readiness: Readiness
    public let database: PostgresPool
    private let pipeline: Pipeline
    private let server: HTTPServer?
    private let workers: WorkerPool
    private let mediaSweeper: MediaSweeper
    private let logger: Logger

    public init(configuration: AppConfiguration, metrics: PrometheusMetrics, logger: Logger, role: Role = .web,
                tuning: Tuning = Tuning()) throws {
        try tuning.validate()
        let telegramCredentials = try configuration.requireTelegram()
        let pipelineCredentials = try configuration.requirePipeline()
        self.logger = logger
        database = PostgresPool(
            configuration: .init(url: configuration.databaseURL,
                                 maxConnections: configuration.workers + role.handlerThreads + 8),
            logger: logger)
        readiness = Readiness(checks: [Self.databaseCheck(database, logger: logger)])

        let http = HTTPClient(configuration: .init(maxIdleHandles: configuration.workers + 4))
        let telegram = TelegramClient(token: telegramCredentials.token, apiBase: configuration.telegram.apiBase, http: http)
        let sendLimiter = SendRateLimiter(limits: tuning.sendLimits)
        let sender = TelegramSender(client: telegram, pool: database, limiter: sendLimiter, logger: logger)
        let dialogue = Self.dialogueSettings(configuration, maxActiveOrders: tuning.maxActiveOrders)
        let pipelineSettings = PipelineSettings(
            publicBaseURL: pipelineCredentials.publicBaseURL, signingSecret: pipelineCredentials.signingSecret,
            mediaDirectory: configuration.mediaDirectory, models: [configuration.kie.model] + configuration.kie.fallbackModels,
            kieKeys: pipelineCredentials.kieKeys, supportChatID: configuration.supportChatID, adminIDs: configuration.adminIDs,
            resultURLs: configuration.kie.resultURLs, tuning: tuning.pipeline)
        let kie = KIEClient(baseURL: configuration.kie.baseURL, http: http)
        pipeline = Pipeline(
            settings: pipelineSettings, dialogue: dialogue, pool: database, telegram: telegram, sendLimiter: sendLimiter,
            kie: kie,
            llm: LLMClient(baseURL: configuration.openAI.baseURL, apiKey: configuration.openAI.apiKey,
                           model: configuration.openAI.model, http: http),
            http: http, logger: logger)
        var workerConfiguration = WorkerPool.Configuration()
        workerConfiguration.workers = configuration.workers
        let housekeeping = Housekeeping(pool: database, logger: logger)
        let strandedVideos = StrandedVideos(pool: database, tuning: tuning.pipeline, logger: logger)
        mediaSweeper = MediaSweeper(mediaDirectory: configuration.mediaDirectory, logger: logger)
        let refunds = PurchaseRefunds(client: telegram, pool: database, limiter: sendLimiter, logger: logger)
        let stats = StatsDelivery(stats: OperatorStats(pool: database, kie: kie, kieKeys: pipelineCredentials.kieKeys),
                                  pool: database)
        let handlers = [sender.handlers, pipeline.handlers, refunds.handlers, stats.handlers, housekeeping.handlers,
                        strandedVideos.handlers]
            .reduce(into: [:]) { all, some in all.merge(some) { first, _ in first } }
        workers = WorkerPool(pool: database, listenURL: configuration.databaseURL, handlers: handlers,
                             configuration: workerConfiguration, logger: logger)

        switch role {
        case .worker(let metricsAddress):
            server = metricsAddress.map { [readiness] address in
                let router = Router()
                HealthEndpoints.register(on: router, readiness: readiness, metrics: metrics)
                return HTTPServer(configuration: HTTPServerConfiguration(address: address, handlerThreads: role.handlerThreads),
                                  router: router, logger: logger)
            }
        case .web:
            let router = Router()
            HealthEndpoints.register(on: router, readiness: readiness, metrics: metrics)
            let webhook = TelegramWebhook(
                settings: .init(secretToken: telegramCredentials.webhookSecret, dialogue: dialogue,
                                orderModel: configuration.kie.model, signingSecret: pipelineCredentials.signingSecret,
                                videoDeadline: tuning.pipeline.deadline,
                                updateRate: tuning.updateRate, adminIDs: Set(configuration.adminIDs)),
                pool: database, logger: logger)
            TelegramWebhookEndpoint.register(on: router, webhook: webhook)
            PipelineEndpoints.register(
                on: router, callbacks: KIECallbackReceiver(pipeline: pipeline, hmacKey: configuration.kie.webhookHMACKey),
                pipeline: pipeline)
            server = HTTPServer(configuration: HTTPServerConfiguration(address: configuration.listenAddress,
                                                                       handlerThreads: role.handlerThreads),
                                router: router, logger: logger)
        }
    }

    public var boundAddress: ListenAddress? { server?.boundAddress }

    /// The routes this process serves over HTTP (none for a worker without a metrics address).
    public var routes: [RouteDescription] { server?.routes ?? [] }

    /// New orders are made with the configured model: its price and the formats it can make are what sellers see.
    static func dialogueSettings(_ configuration: AppConfiguration, maxActiveOrders: Int) -> DialogueSettings {
        let model = configuration.kie.orderModel
        return DialogueSettings(
            videoPrice: model.price(basePrice: configuration.videoPrice), signupBonus: configuration.freeCredits,
            maxActiveOrders: maxActiveOrders, formats: VideoFormat.allCases.filter { model.supports(format: $0.rawValue) },
            creditPacks: configuration.creditPacks, referralBonus: configuration.referralBonus,
            botUsername: configuration.telegram.botUsername, supportChatID: configuration.supportChatID)
    }

    /// Applies pending migrations (several instances may race; the migrator's lock serialises them), then starts.
    public func start() throws {
        let applied = try Migrator(pool: database, logger: logger).apply(Schema.migrations)
        if !applied.isEmpty { logger.info("migrated", metadata: ["applied": "\(applied.count)"]) }
        try pipeline.registerKeys()
        try database.withConnection { db in
            try Housekeeping.schedule(on: db)
            try StrandedVideos.schedule(on: db)
        }
        try workers.start()
        mediaSweeper.start()
        if let server {
            try server.start()
            logger.info("serving", metadata: ["address": "\(server.boundAddress.map(String.init(describing:)) ?? "?")"])
        }
    }

    /// Stops taking new work, lets in-flight requests and jobs finish within their grace periods, then returns.
    public func stop() {
        readiness.beginDraining()
        server?.shutdown()
        workers.stop()
        mediaSweeper.stop()
        database.close()
        logger.info("stopped")
    }

    private static func databaseCheck(_ database: PostgresPool, logger: Logger) -> Readiness.Check {
        {
            do {
                let pending = try Migrator(pool: database, logger: logger).pending(Schema.migrations)
                return pending.isEmpty ? .ready : .notReady("\(pending.count) migrations pending")
            } catch {
                return .notReady("database unreachable")
            }
        }
    }
}

/// Blocks the calling thread until SIGTERM or SIGINT arrives.
public enum ShutdownSignal {
    public static func wait() {
        let received = DispatchSemaphore(value: 0)
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { received.signal() }
            source.resume()
            return source
        }
        received.wait()
        sources.forEach { $0.cancel() }
    }
}

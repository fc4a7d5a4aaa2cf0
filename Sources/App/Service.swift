import Bot
import Dispatch
import Domain
import Foundation
import HTTPClient
import HTTPServer
import JobQueue
import Logging
import Postgres
import Telegram

/// The running service: PostgreSQL, the background workers and (for `serve`) the HTTP server, started and
/// stopped as one.
public final class Service: Sendable {
    public enum Role: Sendable {
        /// HTTP endpoints and background workers (`neurocards serve`).
        case web
        /// Background workers only (`neurocards worker`), for scaling out.
        case worker
    }

    /// Limits that production leaves at their defaults and tests tighten.
    public struct Tuning: Sendable {
        public var updateRate = UpdateRateLimit()
        public var sendLimits = SendRateLimiter.Limits()
        public var maxActiveOrders = 3

        public init() {}
    }

    public let readiness: Readiness
    public let database: PostgresPool
    private let server: HTTPServer?
    private let workers: WorkerPool
    private let logger: Logger

    public init(configuration: AppConfiguration, metrics: PrometheusMetrics, logger: Logger, role: Role = .web,
                tuning: Tuning = Tuning()) throws {
        let telegramCredentials = try configuration.requireTelegram()
        self.logger = logger
        database = PostgresPool(
            configuration: .init(url: configuration.databaseURL, maxConnections: configuration.workers + 24),
            logger: logger)
        readiness = Readiness(checks: [Self.databaseCheck(database, logger: logger)])

        let telegram = TelegramClient(token: telegramCredentials.token, apiBase: configuration.telegram.apiBase,
                                      http: HTTPClient())
        let sender = TelegramSender(client: telegram, pool: database, limiter: SendRateLimiter(limits: tuning.sendLimits),
                                    logger: logger)
        var workerConfiguration = WorkerPool.Configuration()
        workerConfiguration.workers = configuration.workers
        workers = WorkerPool(pool: database, listenURL: configuration.databaseURL, handlers: sender.handlers,
                             configuration: workerConfiguration, logger: logger)

        switch role {
        case .worker:
            server = nil
        case .web:
            let router = Router()
            HealthEndpoints.register(on: router, readiness: readiness, metrics: metrics)
            let webhook = TelegramWebhook(
                settings: .init(secretToken: telegramCredentials.webhookSecret,
                                dialogue: DialogueSettings(videoPrice: configuration.videoPrice,
                                                           signupBonus: configuration.freeCredits,
                                                           maxActiveOrders: tuning.maxActiveOrders),
                                updateRate: tuning.updateRate),
                pool: database, logger: logger)
            TelegramWebhookEndpoint.register(on: router, webhook: webhook)
            server = HTTPServer(configuration: HTTPServerConfiguration(address: configuration.listenAddress),
                                router: router, logger: logger)
        }
    }

    public var boundAddress: ListenAddress? { server?.boundAddress }

    /// Applies pending migrations (several instances may race; the migrator's lock serialises them), then starts.
    public func start() throws {
        let applied = try Migrator(pool: database, logger: logger).apply(Schema.migrations)
        if !applied.isEmpty { logger.info("migrated", metadata: ["applied": "\(applied.count)"]) }
        try workers.start()
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

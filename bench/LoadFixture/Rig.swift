import App
import Foundation
import Logging
import Sandbox

/// The three stand-ins, the recording proxies in front of Telegram (and, for fault runs, KIE), and the service
/// wired to them exactly as production is wired to the real APIs.
final class Rig: Sendable {
    struct Options: Sendable {
        var databaseURL: String
        var workers = 20
        var kieKeys = ["kie-load-key-1"]
        var kieQueueTime: ClosedRange<Duration> = .seconds(1) ... .seconds(2)
        var kieGenerationTime: ClosedRange<Duration> = .seconds(4) ... .seconds(58)
        var kieChaos: KIEChaos?
        /// Puts a proxy in front of KIE too, so it can be made unreachable.
        var proxyKIE = false
        /// How much later than the stand-ins the proxies answer a sendVideo and a result download (fault runs).
        var slowFinish: Duration = .zero
        var tuning = Service.Tuning()
        /// The Telegram stand-in's sending limits (Telegram's: 30 messages/s overall, ~1/s per chat).
        var telegramLimits = TelegramStandInConfiguration.RateLimits()
        /// False points the service straight at the Telegram stand-in, past the recording proxy (whose receipts and
        /// 429 counts then stay empty): one HTTP hop less in this process when its CPU is what is measured.
        var proxyTelegram = true
        var freeCredits = 50
        var videoPrice = 10
        var mediaDirectory: String
        var logLevel: Logger.Level = .error
    }

    static let webhookSecret = "load-webhook-secret"
    static let signingSecret = "load-signing-secret-that-is-long-enough-0123"

    let options: Options
    let telegram: TelegramStandIn
    let telegramProxy: RecordingProxy
    let openAI: OpenAIStandIn
    let kie: KIEStandIn
    let kieProxy: RecordingProxy?
    let service: Service
    /// What `neurocards serve` / `worker` needs to reach the same database and stand-ins.
    let serviceEnvironment: [String: String]
    /// The threads the service started (its workers, background loops and HTTP server), to tell its CPU from the
    /// stand-ins' in this one process.
    let serviceThreads: Set<Int32>

    init(options: Options, metrics: PrometheusMetrics, logger: Logger) throws {
        self.options = options
        var telegramConfiguration = TelegramStandInConfiguration()
        telegramConfiguration.rateLimits = options.telegramLimits
        telegram = TelegramStandIn(configuration: telegramConfiguration, logger: logger)
        try telegram.start()
        let slow = options.slowFinish > .zero
        telegramProxy = RecordingProxy(
            port: try FreePort.pick(), upstream: telegram.baseURL,
            linger: slow ? .init(duration: options.slowFinish) { $0.hasSuffix("/sendVideo") } : nil, logger: logger)
        try telegramProxy.start()

        openAI = OpenAIStandIn(logger: logger)
        try openAI.start()

        let kiePort = try FreePort.pick()
        let kieProxyPort = options.proxyKIE ? try FreePort.pick() : nil
        var kieConfiguration = KIEStandInConfiguration.realistic(apiKeys: options.kieKeys)
        kieConfiguration.port = kiePort
        kieConfiguration.publicBaseURL = kieProxyPort.map { "http://127.0.0.1:\($0)" }
        kieConfiguration.queueTime = options.kieQueueTime
        kieConfiguration.generationTime = options.kieGenerationTime
        kieConfiguration.chaos = options.kieChaos
        // The stand-in's CPU is not what is measured: a tiny MP4 written in code instead of an ffmpeg encode.
        kieConfiguration.video = .init(useFFmpeg: false)
        kie = try KIEStandIn(configuration: kieConfiguration, logger: logger)
        try kie.start()
        kieProxy = kieProxyPort.map {
            RecordingProxy(port: $0, upstream: "http://127.0.0.1:\(kiePort)",
                           linger: slow ? .init(duration: options.slowFinish) { $0.hasPrefix("/sandbox/kie/results/") } : nil,
                           logger: logger)
        }
        try kieProxy?.start()

        let port = try FreePort.pick()
        serviceEnvironment = [
            "DATABASE_URL": options.databaseURL,
            "LISTEN_ADDR": "127.0.0.1:\(port)",
            "PUBLIC_BASE_URL": "http://127.0.0.1:\(port)",
            "SIGNING_SECRET": Self.signingSecret,
            "MEDIA_DIR": options.mediaDirectory,
            "KIE_API_KEYS": options.kieKeys.joined(separator: ","),
            "KIE_BASE_URL": kie.baseURL,
            // The KIE stand-in (or its recording proxy) serves results from this machine, over http.
            "KIE_RESULT_HOSTS": "127.0.0.1",
            "KIE_RESULT_ALLOW_PRIVATE": "1",
            "OPENAI_BASE_URL": openAI.baseURL,
            "OPENAI_API_KEY": OpenAIStandInConfiguration().apiKey,
            "TELEGRAM_BOT_TOKEN": telegramConfiguration.botToken,
            "TELEGRAM_WEBHOOK_SECRET": Self.webhookSecret,
            "TELEGRAM_API_BASE": options.proxyTelegram ? telegramProxy.baseURL : telegram.baseURL,
            "WORKERS": "\(options.workers)",
            "FREE_CREDITS": "\(options.freeCredits)",
            "VIDEO_PRICE": "\(options.videoPrice)",
            "LOG_LEVEL": options.logLevel.rawValue,
        ]
        let configuration = try AppConfiguration(environment: Environment(serviceEnvironment))
        let threadsBefore = CPUTime.threadIDs()
        service = try Service(configuration: configuration, metrics: metrics, logger: logger, role: .web,
                              tuning: options.tuning)
        try service.start()
        serviceThreads = CPUTime.threadIDs().subtracting(threadsBefore)
        telegram.setWebhook(url: "http://127.0.0.1:\(port)/telegram/webhook", secretToken: Self.webhookSecret)
    }

    /// Writes the service environment as KEY=value lines, for `neurocards worker --env-file`.
    func writeEnvironment(to path: String, workers: Int) throws {
        var values = serviceEnvironment
        values["WORKERS"] = "\(workers)"
        let text = values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func shutdown() {
        service.stop()
        telegram.shutdown()
        telegramProxy.shutdown()
        kieProxy?.shutdown()
        kie.shutdown()
        openAI.shutdown()
    }
}

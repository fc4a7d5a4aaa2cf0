import Foundation
import HTTPServer
import Logging
import Synchronization
import Telegram

/// A local Telegram: the Bot API methods the bot uses, on our own HTTP server, validated against the official
/// spec, with Telegram's errors, limits and webhook delivery; and fake users a test (or a browser page) acts as.
public final class TelegramStandIn: Sendable {
    public let configuration: TelegramStandInConfiguration
    let logger: Logger
    let validator: SpecValidator?
    let state: Mutex<StandInState>
    let webhook: WebhookDeliverer
    private let server: Mutex<HTTPServer?> = Mutex(nil)

    public init(configuration: TelegramStandInConfiguration = TelegramStandInConfiguration(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        validator = Self.loadValidator(path: configuration.specPath, logger: logger)
        state = Mutex(StandInState(rateLimits: configuration.rateLimits, knowsEveryUser: configuration.knowsEveryUser))
        webhook = WebhookDeliverer(policy: configuration.webhook, logger: logger)
    }

    /// The spec version in use, or nil when validation is off.
    public var specVersion: String? { validator?.spec.version }

    /// Serves the Bot API, file downloads and the test API on `router` (for a server shared with other
    /// stand-ins); `start()` does this on a server of its own.
    public func register(on router: Router) {
        let uploadLimit = configuration.maxUploadBytes + (1 << 20)
        router.get("/:bot/:method") { [self] request in respond(to: request) }
        router.post("/:bot/:method", bodyLimit: uploadLimit) { [self] request in respond(to: request) }
        router.get("/file/:bot/*path") { [self] request in downloadFile(request) }
        TelegramTestAPI(standIn: self).register(on: router)
    }

    public func start() throws {
        let router = Router()
        register(on: router)
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(address: .tcp(host: configuration.host, port: configuration.port)),
            router: router, logger: logger)
        try server.start()
        self.server.withLock { $0 = server }
        startDeliveringUpdates()
        logger.info("telegram stand-in started", metadata: ["url": "\(baseURL)"])
    }

    /// Pushes updates to the webhook the bot set, and performs the method calls it makes in its answers. Telegram
    /// also reads calls sent as a form; the bot sends JSON, so the stand-in reads JSON only.
    func startDeliveringUpdates() {
        webhook.start { [weak self] response in
            guard !response.body.isEmpty,
                  response.header("Content-Type")?.lowercased().hasPrefix("application/json") == true
            else { return }
            self?.performWebhookReply(response.body)
        }
    }

    /// The API base to give TelegramClient (`<baseURL>/bot<token>/<method>`).
    public var baseURL: String {
        guard case .tcp(let host, let port)? = server.withLock({ $0?.boundAddress }) else {
            return "http://\(configuration.host):\(configuration.port)"
        }
        return "http://\(host):\(port)"
    }

    public func shutdown() {
        webhook.shutdown()
        let server = self.server.withLock { server in
            defer { server = nil }
            return server
        }
        server?.shutdown()
    }

    var botUser: User {
        User(id: configuration.botUserID, isBot: true, firstName: configuration.botName,
             username: configuration.botUsername)
    }

    private static func loadValidator(path: String?, logger: Logger) -> SpecValidator? {
        guard let path else {
            logger.warning("telegram stand-in: no Bot API spec configured, call validation is off")
            return nil
        }
        do {
            let spec = try BotAPISpec.cached(path: path)
            logger.info("telegram stand-in validates calls", metadata: ["spec": "\(path)", "version": "\(spec.version)"])
            return SpecValidator(spec: spec)
        } catch {
            logger.warning("telegram stand-in: call validation is off", metadata: ["reason": "\(error)"])
            return nil
        }
    }
}

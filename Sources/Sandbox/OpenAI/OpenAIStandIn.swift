import Foundation
import HTTPServer
import Logging
import Synchronization

/// A local OpenAI: `POST /v1/chat/completions` with image input on our own HTTP server, checked like the real
/// API, answering the bot's two questions deterministically from what it can know of the photo (the seller's words,
/// a sample's name, its colours and shape), with faults a test can queue.
public final class OpenAIStandIn: Sendable {
    /// The path prefix of the API; a client's base URL is the server's origin followed by this.
    public static let apiPath = "/v1"

    public let configuration: OpenAIStandInConfiguration
    let logger: Logger
    let state = Mutex(OpenAIStandInState())
    let images: OpenAIImageLoader
    /// Reads a photo's colours; nil without ffmpeg (descriptions then go without them).
    let ffmpeg: FFmpeg?
    /// Palettes by the photo's SHA-256: a load run's thousand sellers send one photo, decoded once.
    let palettes = Mutex<[String: PhotoPalette?]>([:])
    static let maxPalettes = 500
    private let captions = Mutex<(@Sendable ([UInt8]) -> String?)?>(nil)
    private let server: Mutex<HTTPServer?> = Mutex(nil)

    public init(configuration: OpenAIStandInConfiguration = OpenAIStandInConfiguration(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        images = OpenAIImageLoader(timeout: configuration.imageFetchTimeout, maxBytes: configuration.maxImageBytes)
        ffmpeg = configuration.useFFmpeg ? FFmpeg.locate() : nil
    }

    /// Where the stand-in learns the caption a photo was sent with, when it runs beside a Telegram stand-in: a
    /// vision model sees the photo, the stand-in cannot, so it takes the seller's words from the chat instead.
    public func readCaptions(from lookup: @escaping @Sendable (_ photo: [UInt8]) -> String?) {
        captions.withLock { $0 = lookup }
    }

    func caption(ofPhoto bytes: [UInt8]) -> String? {
        captions.withLock { $0 }?(bytes)
    }

    /// Serves the API and the test API on `router` (for a server shared with other stand-ins); `start()` does
    /// this on a server of its own.
    public func register(on router: Router) {
        router.post("\(Self.apiPath)/chat/completions", bodyLimit: configuration.maxRequestBytes) { [self] request in
            completeChat(request)
        }
        OpenAITestAPI(standIn: self).register(on: router)
    }

    public func start() throws {
        let router = Router()
        register(on: router)
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(
                address: .tcp(host: configuration.host, port: configuration.port), shutdownGracePeriod: .seconds(2)),
            router: router, logger: logger)
        try server.start()
        self.server.withLock { $0 = server }
        logger.info("openai stand-in started", metadata: ["url": "\(baseURL)"])
    }

    /// The base URL to give LLMClient, ending in `/v1`.
    public var baseURL: String {
        guard case .tcp(let host, let port)? = server.withLock({ $0?.boundAddress }) else {
            return "http://\(configuration.host):\(configuration.port)\(Self.apiPath)"
        }
        return "http://\(host):\(port)\(Self.apiPath)"
    }

    public func shutdown() {
        let server = self.server.withLock { server in
            defer { server = nil }
            return server
        }
        server?.shutdown()
    }

    // MARK: Scripting and inspection

    /// Queues `fault` for the next `times` calls it applies to (a verdict applies to photo analyses only).
    public func inject(_ fault: OpenAIFault, times: Int = 1) {
        guard times > 0 else { return }
        state.withLock { $0.faults.append(contentsOf: repeatElement(fault, count: times)) }
    }

    /// Faults queued and not yet played, in order.
    public var pendingFaults: [OpenAIFault] {
        state.withLock { $0.faults }
    }

    public func clearFaults() {
        state.withLock { $0.faults.removeAll() }
    }

    /// Every call received (the most recent `maxRecordedCalls`), oldest first.
    public var calls: [OpenAICallRecord] {
        state.withLock { $0.calls }
    }

    /// Forgets the queued faults and the recorded calls.
    public func reset() {
        state.withLock { $0 = OpenAIStandInState() }
    }
}

import Dispatch
import Foundation
import HTTPClient
import HTTPServer
import Logging
import Synchronization
import Timekeeping

/// A local KIE: createTask, recordInfo, the credit balance and the base64 upload, on our own HTTP server. It
/// fetches the photo URL it is given, queues and "generates" for a while, makes a real MP4, and posts the
/// callback (signed when a webhook key is set). Tests script failures, create errors and callback trouble.
public final class KIEStandIn: Sendable {
    public let configuration: KIEStandInConfiguration
    let logger: Logger
    let state: Mutex<KIEStandInState>
    let videos: VideoMaker
    let http: HTTPClient
    /// Fetching, encoding and callback posts run here; waits are scheduled, never slept through.
    let work = DispatchQueue(label: "kie-stand-in", attributes: .concurrent)
    let busy = DispatchGroup()
    let workDirectory: String
    private let ownsWorkDirectory: Bool
    private let server: Mutex<HTTPServer?> = Mutex(nil)

    /// The longest `shutdown()` waits for fetches, encodes and callback posts under way.
    static let shutdownWait: DispatchTimeInterval = .seconds(5)

    public init(configuration: KIEStandInConfiguration = KIEStandInConfiguration(), logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        if let directory = configuration.workDirectory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            workDirectory = directory
            ownsWorkDirectory = false
        } else {
            workDirectory = NSTemporaryDirectory() + "kie-stand-in-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
            ownsWorkDirectory = true
        }
        state = Mutex(KIEStandInState(apiKeys: configuration.apiKeys, initialCredits: configuration.initialCredits,
                                      chaos: configuration.chaos))
        videos = VideoMaker(directory: workDirectory, settings: configuration.video, logger: logger)
        http = HTTPClient(configuration: HTTPClient.Configuration(
            connectTimeout: .seconds(5), timeout: configuration.callbackTimeout,
            maxResponseBytes: configuration.maxImageBytes, userAgent: "kie-stand-in", maxIdleHandles: 16))
    }

    /// Serves the KIE API, result videos, uploads and the test API on `router` (for a server shared with
    /// other stand-ins; set `publicBaseURL` then). `start()` does this on a server of its own.
    public func register(on router: Router) {
        KIEMarketEndpoints(standIn: self).register(on: router)
        KIETestAPI(standIn: self).register(on: router)
    }

    public func start() throws {
        let router = Router()
        register(on: router)
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(address: .tcp(host: configuration.host, port: configuration.port),
                                                   defaultBodyLimit: 1 << 20, shutdownGracePeriod: .seconds(2)),
            router: router, logger: logger)
        try server.start()
        self.server.withLock { $0 = server }
        logger.info("kie stand-in started", metadata: ["url": "\(baseURL)", "videos": "\(videos.method)"])
    }

    /// The base URL to give KIEClient, and the origin of result and upload links.
    public var baseURL: String {
        if let publicBaseURL = configuration.publicBaseURL { return publicBaseURL }
        guard case .tcp(let host, let port)? = server.withLock({ $0?.boundAddress }) else {
            return "http://\(configuration.host):\(configuration.port)"
        }
        return "http://\(host):\(port)"
    }

    /// Stops serving; tasks still waiting are abandoned, work under way is given a few seconds to end.
    public func shutdown() {
        state.withLock { $0.stopping = true }
        let server = self.server.withLock { server in
            defer { server = nil }
            return server
        }
        server?.shutdown()
        _ = busy.wait(timeout: .now() + Self.shutdownWait)
        if ownsWorkDirectory { try? FileManager.default.removeItem(atPath: workDirectory) }
    }

    /// Runs `body` on the work queue after `delay`, unless the stand-in has stopped by then.
    func schedule(after delay: Duration, _ body: @escaping @Sendable () -> Void) {
        let nanoseconds = max(0, Int(delay.components.seconds) * 1_000_000_000 + Int(delay.components.attoseconds / 1_000_000_000))
        work.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
            guard !state.withLock({ $0.stopping }) else { return }
            busy.enter()
            defer { busy.leave() }
            body()
        }
    }

    static func randomDuration(in range: ClosedRange<Duration>) -> Duration {
        let low = range.lowerBound.milliseconds, high = range.upperBound.milliseconds
        return .milliseconds(low >= high ? low : Int64.random(in: low...high))
    }

    static var nowMilliseconds: Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }
}

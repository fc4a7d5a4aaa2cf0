import App
import Foundation
import HTTPServer
import Logging
import Sandbox
import Synchronization

/// `load-fixture chaos`: hosts the stand-ins (with proxies that can fail Telegram or cut KIE off) and `serve`
/// for `bench/chaos`, which starts and SIGKILLs `neurocards worker` processes against the same database and
/// stand-ins (ENV_FILE holds their environment) and restarts PostgreSQL. The script drives it over HTTP:
///   POST /control/orders                 the sellers start ordering
///   GET  /control/progress               one line of key=value figures; settled=1 when everything is at rest
///   POST /control/telegram-fault?seconds=N   Telegram answers 500 to everything for N seconds
///   POST /control/kie-outage?seconds=N       KIE (API, result downloads) refuses connections for N seconds
///   POST /control/killed?at=MS           a worker process was SIGKILLed at MS (epoch milliseconds)
///   GET  /control/verify                 the checks; 200 when they pass, 409 when not; the last line is
///                                        "PASS|FAIL duplicates N (explained by a kill M)"
enum ChaosHost {
    static func run(_ knobs: Knobs) throws -> Int32 {
        guard let databaseURL = knobs.values["DATABASE_URL"], !databaseURL.isEmpty else {
            throw LoadRun.Failed(description: "DATABASE_URL is required")
        }
        guard let photo = FileManager.default.contents(atPath: knobs.string("PHOTO", "")).map(Array.init), !photo.isEmpty else {
            throw LoadRun.Failed(description: "PHOTO must name a JPEG file")
        }
        let envFile = knobs.string("ENV_FILE", "")
        guard !envFile.isEmpty else { throw LoadRun.Failed(description: "ENV_FILE is required") }
        let sellerCount = knobs.int("SELLERS", 20, range: 1...1000)
        let videos = 5
        var options = Rig.Options(databaseURL: databaseURL, mediaDirectory: knobs.string("MEDIA_DIR", NSTemporaryDirectory() + "chaos-media"))
        options.workers = knobs.int("WORKERS", 2, range: 1...64)
        options.kieKeys = ["kie-chaos-key-1", "kie-chaos-key-2"]
        options.kieQueueTime = .milliseconds(200) ... .milliseconds(500)
        options.kieGenerationTime = knobs.seconds("KIE_MIN_S", 2) ... knobs.seconds("KIE_MAX_S", 8)
        options.proxyKIE = true
        options.slowFinish = knobs.seconds("SLOW_FINISH_S", 0)
        options.logLevel = Logger.Level(rawValue: knobs.string("LOG_LEVEL", "warning")) ?? .warning

        let metrics = PrometheusMetrics()
        metrics.bootstrap()
        LoggingSetup.bootstrap(level: options.logLevel, secrets: [])
        let logger = Logger(label: "chaos")
        let rig = try Rig(options: options, metrics: metrics, logger: logger)
        try rig.writeEnvironment(to: envFile, workers: knobs.int("WORKER_PROCESS_WORKERS", 4, range: 1...64))
        let crowd = Crowd(count: sellerCount, firstUserID: 7_000_000)
        let control = Control(rig: rig, crowd: crowd, videos: videos, photo: photo,
                              patience: knobs.seconds("SELLER_PATIENCE", 300))
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(address: .tcp(host: "127.0.0.1", port: knobs.int("CONTROL_PORT", 0)),
                                                   handlerThreads: 4),
            router: control.router(), logger: logger)
        try server.start()
        say("chaos fixture ready: control \(server.boundAddress.map(String.init(describing:)) ?? "?"), "
              + "service \(rig.serviceEnvironment["PUBLIC_BASE_URL"] ?? "?")")
        ShutdownSignal.wait()
        server.shutdown()
        rig.shutdown()
        return 0
    }
}

/// The control endpoints `bench/chaos` drives.
private final class Control: Sendable {
    let rig: Rig
    let crowd: Crowd
    let videos: Int
    let photo: [UInt8]
    let patience: Duration
    private let started = Mutex(false)
    /// When bench/chaos SIGKILLed a worker process, so a duplicate can be matched to the kill that caused it.
    private let kills = Mutex<[Date]>([])

    init(rig: Rig, crowd: Crowd, videos: Int, photo: [UInt8], patience: Duration) {
        self.rig = rig
        self.crowd = crowd
        self.videos = videos
        self.photo = photo
        self.patience = patience
    }

    func router() -> Router {
        let router = Router()
        router.post("/control/orders") { [self] _ in
            let first = started.withLock { started in
                defer { started = true }
                return !started
            }
            if first {
                crowd.start(telegram: rig.telegram, videos: videos, videoPrice: rig.options.videoPrice,
                            patience: patience, photo: photo)
            }
            return .text("ordering\n", status: .accepted)
        }
        router.get("/control/progress") { [self] _ in
            let sellers = crowd.current
            let progress = try Progress.read(pool: rig.service.database, telegram: rig.telegram)
            let settled = sellers.finished == crowd.sellers.count && progress.settled(expectedVideos: sellers.placed * videos)
            return .text("sellers_done=\(sellers.finished) placed=\(sellers.placed) expected=\(sellers.placed * videos) "
                         + "videos=\(progress.videos) not_final=\(progress.notFinal) pending_jobs=\(progress.pendingJobs) "
                         + "active_orders=\(progress.activeOrders) pending_updates=\(progress.pendingUpdates) "
                         + "settled=\(settled ? 1 : 0)\n")
        }
        router.post("/control/telegram-fault") { [self] request in
            rig.telegramProxy.fail(for: try seconds(request))
            return .text("telegram answers 500\n")
        }
        router.post("/control/kie-outage") { [self] request in
            guard let proxy = rig.kieProxy else { throw HTTPError(.notFound, "no KIE proxy") }
            proxy.refuse(for: try seconds(request))
            return .text("kie unreachable\n")
        }
        router.post("/control/killed") { [self] request in
            guard let text = request.queryItems["at"], let milliseconds = Int64(text), milliseconds > 0 else {
                throw HTTPError(.badRequest, "at must be epoch milliseconds")
            }
            kills.withLock { $0.append(Date(timeIntervalSince1970: Double(milliseconds) / 1000)) }
            return .text("noted\n")
        }
        router.get("/control/verify") { [self] _ in
            let sellers = crowd.current
            let tally = try Tally.take(pool: rig.service.database, telegram: rig.telegram, sellers: crowd.sellers,
                                       ordersPlaced: sellers.placed, expectedVideos: crowd.sellers.count * videos)
            var lines = tally.lines
            lines += sellers.failures.prefix(5).map { "seller failed: \($0)" }
            let killTimes = kills.withLock { $0 }
            let resends = try KillResends.classify(tally.duplicated, receipts: rig.telegramProxy.receipts,
                                                   kills: killTimes, pool: rig.service.database)
            lines += resends.lines
            lines.append("telegram: 500s injected \(rig.telegramProxy.injectedFailures), "
                         + "429s \(rig.telegramProxy.tooManyRequests); worker kills reported \(killTimes.count)")
            let passed = tally.passedApartFromDuplicates && resends.explainedCopies == tally.duplicates
            lines.append("\(passed ? "PASS" : "FAIL") duplicates \(tally.duplicates) "
                         + "(explained by a kill \(resends.explainedCopies))")
            return .text(lines.joined(separator: "\n") + "\n", status: passed ? .ok : HTTPStatus(code: 409, reason: "Conflict"))
        }
        return router
    }

    private func seconds(_ request: HTTPRequest) throws -> Duration {
        guard let text = request.queryItems["seconds"], let seconds = Int(text), (1...600).contains(seconds) else {
            throw HTTPError(.badRequest, "seconds must be 1...600")
        }
        return .seconds(seconds)
    }
}

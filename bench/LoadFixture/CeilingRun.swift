import App
import Foundation
import Logging
import Postgres
import Sandbox
import Synchronization
import Telegram

/// `load-fixture ceiling`: the pipeline's own ceiling, with nothing outside it holding it back. KIE answers at once
/// (no queue, no generation time, the callback posted the moment the task is made, no chaos), the OpenAI stand-in is
/// instant, Telegram's limits are off in its stand-in and in the service's sender, and there are enough KIE keys
/// that their create budget never makes a submit wait (the stand-in still holds each key to KIE's 20 per 10 s).
///
/// First every seller goes through the dialogue to the options card (not measured: that is the conversation, not
/// the pipeline). When all is quiet, the idle background (heartbeats, the sweeper) is measured for 10 s; then every
/// seller presses ▶️ Confirm at once and the run lasts until the last video is delivered and the last job of the
/// orders (status edits and the fallback polls included) has finished. Prints videos/s, CPU and database work per
/// video with a breakdown, and a `RESULT` line for `bench/pipeline`.
enum CeilingRun {
    /// PostgreSQL's statistics reach its counters within about 10 s of a backend going idle.
    private static let statisticsDelay: TimeInterval = 11

    static func run(_ knobs: Knobs) throws -> Int32 {
        guard let databaseURL = knobs.values["DATABASE_URL"], !databaseURL.isEmpty else {
            throw LoadRun.Failed(description: "DATABASE_URL is required")
        }
        guard let photo = FileManager.default.contents(atPath: knobs.string("PHOTO", "")).map(Array.init), !photo.isEmpty else {
            throw LoadRun.Failed(description: "PHOTO must name a JPEG file")
        }
        let perOrder = [1, 3, 5].contains(knobs.int("VIDEOS_PER_ORDER", 5)) ? knobs.int("VIDEOS_PER_ORDER", 5) : 5
        let sellerCount = max(1, knobs.int("VIDEOS", 1000, range: 1...50_000) / perOrder)
        let videos = sellerCount * perOrder
        let postmaster = Int32(knobs.int("PG_PID", 0, range: 0...Int(Int32.max)))
        let timeout = knobs.seconds("CEILING_TIMEOUT", 900)
        let options = options(knobs, databaseURL: databaseURL, videos: videos, perOrder: perOrder)

        let metrics = PrometheusMetrics()
        metrics.bootstrap()
        LoggingSetup.bootstrap(level: options.logLevel, secrets: [])
        let rig = try Rig(options: options, metrics: metrics, logger: Logger(label: "ceiling"))
        defer { rig.shutdown() }
        let pool = rig.service.database
        say("pipeline ceiling: \(videos) videos (\(sellerCount) orders of \(perOrder)), \(options.workers) workers, "
              + "\(options.kieKeys.count) KIE keys (each an account of \(Int(options.tuning.pipeline.createTasksPer10Seconds)) creates/10 s; "
              + "the stand-in holds each key to 20/10 s), KIE tasks done \(options.kieQueueTime.lowerBound) after "
              + "creation, no chaos, Telegram unthrottled, callback grace \(options.tuning.pipeline.callbackGrace)")

        let sellers = (0..<sellerCount).map { index in
            Seller(user: User(id: 8_000_000 + Int64(index), firstName: "Seller \(index + 1)", languageCode: "en"),
                   standIn: rig.telegram, videos: perOrder, videoPrice: options.videoPrice,
                   patience: knobs.seconds("SELLER_PATIENCE", 300))
        }
        let users = sellers.map(\.user)
        let dialogueStart = ContinuousClock.now
        let cards = try openCards(sellers, photo: photo)
        try waitForQuiet(rig, timeout: timeout)
        say(String(format: "dialogue: %d sellers at their options cards in %.0f s (not measured)", sellerCount,
                   (ContinuousClock.now - dialogueStart).seconds))

        Thread.sleep(forTimeInterval: statisticsDelay)
        let idleStart = (ContinuousClock.now, try DatabaseCounters.read(pool))
        Thread.sleep(forTimeInterval: 10)
        let before = try DatabaseCounters.read(pool)
        let idle = IdleRate(before - idleStart.1, over: (ContinuousClock.now - idleStart.0).seconds)
        say(String(format: "idle background: %.1f commits/s, %.1f write transactions/s (subtracted below)",
                   idle.commits, idle.writes))

        let firstJob = try pool.query("SELECT coalesce(max(id), 0) AS id FROM jobs").first?.decode("id", as: Int64.self) ?? 0
        let telegramBefore = TelegramCalls.take(rig.telegram, users: users)
        let runSecondsBefore = JobOutcomes.runSeconds(metrics)
        let cpuBefore = CPUSample.take(serviceThreads: rig.serviceThreads, postmaster: postmaster)
        // The fixture's own transactions: the reading `before` and the query for the first job; then each look at
        // the progress.
        var fixtureTransactions = DatabaseCounters.transactionsPerReading + 1
        for (seller, card) in zip(sellers, cards) { try seller.confirm(card) }

        var settled = false
        var lastReport = ContinuousClock.now
        while ContinuousClock.now - cpuBefore.wall < timeout {
            Thread.sleep(forTimeInterval: 0.5)
            fixtureTransactions += 1
            guard let work = try? PipelineWork.read(pool) else { continue }
            if work.settled(expectedVideos: videos) && rig.telegram.pendingUpdateCount == 0 {
                settled = true
                break
            }
            if ContinuousClock.now - lastReport >= .seconds(15) {
                lastReport = .now
                say(String(format: "  t=%3.0f s: %@", (ContinuousClock.now - cpuBefore.wall).seconds, work.line))
            }
        }
        let cpu = CPUSample.take(serviceThreads: rig.serviceThreads, postmaster: postmaster) - cpuBefore
        if !settled { say("pipeline: NOT SETTLED within \(timeout); figures below are as they stand") }
        Thread.sleep(forTimeInterval: statisticsDelay)
        let database = DatabaseWork(difference: try DatabaseCounters.read(pool) - before,
                                    seconds: (ContinuousClock.now - cpuBefore.wall).seconds, idle: idle,
                                    fixtureTransactions: fixtureTransactions)

        let timeline = try DeliveryTimeline.read(pool)
        say(timeline.line)
        let tally = try Tally.take(pool: pool, telegram: rig.telegram, sellers: users, ordersPlaced: sellerCount,
                                   expectedVideos: videos)
        tally.lines.forEach { say($0) }
        cpu.lines(videos: videos, serviceThreads: rig.serviceThreads.count).forEach { say($0) }
        database.lines(videos: videos).forEach { say($0) }
        let runSeconds = JobOutcomes.runSeconds(metrics).merging(runSecondsBefore.mapValues { -$0 }, uniquingKeysWith: +)
        try jobLines(pool, after: firstJob, videos: videos, runSeconds: runSeconds).forEach { say($0) }
        JobOutcomes.lines(metrics).filter { $0.contains("jobs video.") || $0.contains("jobs order.") }.forEach { say($0) }
        say((TelegramCalls.take(rig.telegram, users: users) - telegramBefore).line(videos: videos))
        let creates = rig.kie.createCalls
        let budgetWaits = JobOutcomes.count(metrics, kind: "video.submit", outcome: "snooze")
        let queries = options.kieKeys.reduce(0) { $0 + rig.kie.recordInfoCallCount(apiKey: $1) }
        say("KIE: create calls \(creates.count) (\(creates.filter { $0.code != 200 }.count) refused), "
              + "tasks \(rig.kie.tasks.count), callbacks posted \(rig.kie.callbacks.count), status queries by the "
              + "poller \(queries); "
              + "submits that waited for the create budget or a key \(budgetWaits)"
              + (budgetWaits > 0 ? " (KIE's limit took part: raise KIE_KEYS)" : ""))

        let passed = settled && tally.passed && tally.delivered == videos
        let perVideo = Double(videos) / 1000
        say(String(format: "RESULT videos_per_s=%.2f cpu_ms=%.1f service_cpu_ms=%.1f postgres_cpu_ms=%@ "
                           + "commits=%.1f writes=%.1f passed=%d",
                   timeline.videosPerSecond, cpu.process / perVideo, cpu.service / perVideo,
                   cpu.postgres.map { String(format: "%.1f", $0 / perVideo) } ?? "-",
                   database.commits / Double(videos), database.writes / Double(videos), passed ? 1 : 0))
        return passed ? 0 : 1
    }

    /// The rig with KIE, OpenAI and Telegram out of the way and the service as production runs it.
    private static func options(_ knobs: Knobs, databaseURL: String, videos: Int, perOrder: Int) -> Rig.Options {
        var options = Rig.Options(databaseURL: databaseURL,
                                  mediaDirectory: knobs.string("MEDIA_DIR", NSTemporaryDirectory() + "ceiling-media"))
        // The production default (README, Configuration), not the load bench's 20.
        options.workers = knobs.int("WORKERS", 5, range: 1...256)
        // A key for every 5 videos, each an account of its own with the bot's budget of 20 per 10 s: every submit of
        // the run goes without a wait, and no key is asked for more than KIE's 20.
        let keyCount = knobs.int("KIE_KEYS", min(1000, max(1, videos / 5)), range: 1...1000)
        options.kieKeys = (1...keyCount).map { "kie-ceiling-key-\($0)" }
        // A task is done KIE_DELAY_S (0.5 s) after it is made. The stand-in runs its tasks side by side, so this is
        // latency, never capacity; it keeps the callback from overtaking the submit's own commit (a callback for a
        // task the database does not know yet is ignored, and the video waits for the fallback poll).
        let delay = knobs.seconds("KIE_DELAY_S", 0.5)
        options.kieQueueTime = delay ... delay
        options.kieGenerationTime = .zero ... .zero
        // Every video's fallback poll runs once, callback grace after its submit, and finds the video done. A short
        // grace runs it inside the run, as it runs among later videos' work in a steady stream; the cost is the same.
        options.tuning.pipeline.callbackGrace = knobs.seconds("CALLBACK_GRACE", 5)
        options.tuning.sendLimits = .init(globalPerSecond: 1_000_000, perChatInterval: .milliseconds(1), perChatBurst: 1000)
        options.telegramLimits = .off
        options.proxyTelegram = false
        options.freeCredits = perOrder * options.videoPrice
        options.logLevel = Logger.Level(rawValue: knobs.string("LOG_LEVEL", "error")) ?? .error
        return options
    }

    /// Every seller through the dialogue at once, each on a thread of its own, up to the options card.
    private static func openCards(_ sellers: [Seller], photo: [UInt8]) throws -> [StoredMessage] {
        let cards = Cards()
        let done = DispatchGroup()
        for (index, seller) in sellers.enumerated() {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                let card = Result { try seller.openCard(photo: photo) }
                    .mapError { LoadRun.Failed(description: "seller \(seller.user.id): \($0)") }
                cards.bySeller.withLock { $0[index] = card }
            }
            thread.stackSize = 256 << 10
            thread.start()
        }
        done.wait()
        let all = cards.bySeller.withLock { $0 }
        return try sellers.indices.map { try all[$0]!.get() }
    }

    /// Waits until no update is waiting at the Telegram stand-in and no job of the dialogue or the pipeline is
    /// pending or running.
    private static func waitForQuiet(_ rig: Rig, timeout: Duration) throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if rig.telegram.pendingUpdateCount == 0, try PipelineWork.read(rig.service.database).pendingJobs == 0 { return }
            Thread.sleep(forTimeInterval: 0.5)
        }
        throw LoadRun.Failed(description: "the dialogue did not come to rest within \(timeout)")
    }

    /// Per video and kind: the jobs made in the run, how often they ran (claims), and the workers' time in them.
    private static func jobLines(_ pool: PostgresPool, after firstJob: Int64, videos: Int,
                                 runSeconds: [String: Double]) throws -> [String] {
        let rows = try pool.query("""
            SELECT kind, count(*)::int AS jobs, sum(attempt)::int AS runs FROM jobs WHERE id > $1
            GROUP BY kind ORDER BY kind
            """, [firstJob])
        let perVideo = Double(videos)
        var total = (jobs: 0, runs: 0, seconds: 0.0)
        var lines = ["jobs per video, by kind: jobs made, runs, worker time"]
        for row in rows {
            let kind: String = try row.decode("kind")
            let jobs: Int = try row.decode("jobs"), runs: Int = try row.decode("runs")
            let seconds = runSeconds[kind] ?? 0
            total = (total.jobs + jobs, total.runs + runs, total.seconds + seconds)
            lines.append(String(format: "  %@: %.2f, %.2f, %.1f ms", kind, Double(jobs) / perVideo, Double(runs) / perVideo,
                                seconds / perVideo * 1000))
        }
        lines.append(String(format: "  all: %.2f, %.2f, %.1f ms", Double(total.jobs) / perVideo,
                            Double(total.runs) / perVideo, total.seconds / perVideo * 1000))
        return lines
    }
}

/// The options cards the sellers reached, by seller.
private final class Cards: Sendable {
    let bySeller = Mutex<[Int: Result<StoredMessage, LoadRun.Failed>]>([:])
}

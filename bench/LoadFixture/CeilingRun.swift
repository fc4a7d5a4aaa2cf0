import App
import Foundation
import Logging
import Postgres
import Sandbox
import Synchronization
import Telegram

/// `load-fixture ceiling`: the pipeline's own ceiling, with nothing outside it holding it back. KIE answers at once
/// (no queue, no generation time, the callback posted the moment the task is made, no chaos), the OpenAI stand-in is
/// instant, Telegram's limits are off in its stand-in and in the service's sender, and there are KIE_KEYS (50) keys
/// with the bot's create cap at KIE's 20 per 10 s for each (the stand-in still refuses any key going faster).
///
/// First every seller goes through the dialogue to the options card (not measured: that is the conversation, not
/// the pipeline). When all is quiet, the idle background (heartbeats, the sweeper) is measured for 10 s; then every
/// seller presses ▶️ Confirm at once and the run lasts until the last video is delivered and the last job of the
/// orders (status edits and the fallback polls included) has finished. Prints videos/s, CPU and database work per
/// video with a breakdown, and a `RESULT` line for `bench/pipeline`.
enum CeilingRun {
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
        // A key (a KIE account) for every 5 videos: the bot's cap, a quarter of which may go at once, then takes
        // every submit of the run without a wait, and no key is asked for more than 5 tasks.
        let keyCount = knobs.int("KIE_KEYS", min(1000, max(1, videos / 5)), range: 1...1000)
        let postmaster = Int32(knobs.int("PG_PID", 0, range: 0...Int(Int32.max)))
        let timeout = knobs.seconds("CEILING_TIMEOUT", 900)

        var options = Rig.Options(databaseURL: databaseURL,
                                  mediaDirectory: knobs.string("MEDIA_DIR", NSTemporaryDirectory() + "ceiling-media"))
        // The production default (README, Configuration), not the load bench's 20.
        options.workers = knobs.int("WORKERS", 5, range: 1...256)
        options.kieKeys = (1...keyCount).map { "kie-ceiling-key-\($0)" }
        options.kieQueueTime = .zero ... .zero
        options.kieGenerationTime = .zero ... .zero
        // Each key is a KIE account with its own 20 creates per 10 s, which the stand-in enforces; the bot's cap
        // is one number for all keys, set to what that many accounts allow.
        options.tuning.pipeline.createTasksPer10Seconds = 20 * Double(keyCount)
        // Every video's fallback poll runs once, callback grace after its submit, and finds the video done. A short
        // grace runs it inside the run, as it runs among later videos' work in a steady stream; the cost is the same.
        options.tuning.pipeline.callbackGrace = knobs.seconds("CALLBACK_GRACE", 5)
        options.tuning.sendLimits = .init(globalPerSecond: 1_000_000, perChatInterval: .milliseconds(1), perChatBurst: 1000)
        options.telegramLimits = .off
        options.proxyTelegram = false
        options.freeCredits = perOrder * options.videoPrice
        options.logLevel = Logger.Level(rawValue: knobs.string("LOG_LEVEL", "error")) ?? .error

        let metrics = PrometheusMetrics()
        metrics.bootstrap()
        LoggingSetup.bootstrap(level: options.logLevel, secrets: [])
        let rig = try Rig(options: options, metrics: metrics, logger: Logger(label: "ceiling"))
        defer { rig.shutdown() }
        let pool = rig.service.database
        say("pipeline ceiling: \(videos) videos (\(sellerCount) orders of \(perOrder)), \(options.workers) workers, "
              + "\(keyCount) KIE keys (create cap \(Int(options.tuning.pipeline.createTasksPer10Seconds))/10 s; "
              + "the stand-in holds each key to 20/10 s), KIE instant, no chaos, Telegram unthrottled, "
              + "callback grace \(options.tuning.pipeline.callbackGrace)")

        let sellers = (0..<sellerCount).map { index in
            Seller(user: User(id: 8_000_000 + Int64(index), firstName: "Seller \(index + 1)", languageCode: "en"),
                   standIn: rig.telegram, videos: perOrder, videoPrice: options.videoPrice,
                   patience: knobs.seconds("SELLER_PATIENCE", 300))
        }
        let dialogueStart = ContinuousClock.now
        let cards = try openCards(sellers, photo: photo)
        try waitForQuiet(rig, timeout: timeout)
        say(String(format: "dialogue: %d sellers at their options cards in %.0f s (not measured)", sellerCount,
                   (ContinuousClock.now - dialogueStart).seconds))

        // Statistics reach PostgreSQL's counters within about 10 s of a backend going idle.
        Thread.sleep(forTimeInterval: 11)
        let idleStart = (ContinuousClock.now, try DatabaseCounters.read(pool))
        Thread.sleep(forTimeInterval: 10)
        let before = try DatabaseCounters.read(pool)
        let idle = Rate(before - idleStart.1, over: (ContinuousClock.now - idleStart.0).seconds)
        say(String(format: "idle background: %.1f commits/s, %.1f write transactions/s (subtracted below)",
                   idle.commits, idle.writes))

        let firstJob = try pool.query("SELECT coalesce(max(id), 0) AS id FROM jobs").first?.decode("id", as: Int64.self) ?? 0
        let telegramBefore = TelegramCounts.take(rig.telegram, users: sellers.map(\.user))
        let cpuBefore = CPUSample.take(serviceThreads: rig.serviceThreads, postmaster: postmaster)
        // Two readings above and these two queries are the fixture's own; so is each progress reading below.
        var ownTransactions = DatabaseCounters.transactionsPerReading + 1
        for (seller, card) in zip(sellers, cards) { try seller.confirm(card) }

        var settled = false
        var lastReport = ContinuousClock.now
        while ContinuousClock.now - cpuBefore.wall < timeout {
            Thread.sleep(forTimeInterval: 0.5)
            ownTransactions += 1
            guard let work = try? Work.read(pool) else { continue }
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
        Thread.sleep(forTimeInterval: 11)
        let database = try DatabaseCounters.read(pool) - before
        let windowSeconds = (ContinuousClock.now - cpuBefore.wall).seconds

        let timeline = try Timeline.read(pool)
        say(timeline.line)
        let tally = try Tally.take(pool: pool, telegram: rig.telegram, sellers: sellers.map(\.user),
                                   ordersPlaced: sellerCount, expectedVideos: videos)
        tally.lines.forEach { say($0) }

        let perVideo = Double(videos)
        let processCPU = cpu.own + cpu.children
        say(String(format: "CPU: process %.1f s (user + system, ffmpeg children included), PostgreSQL %@, in %.0f s "
                            + "from the first order until the last job: process %.2f cores, PostgreSQL %@",
                   processCPU, cpu.postgres.map { String(format: "%.1f s", $0) } ?? "-", cpu.wallSeconds,
                   processCPU / cpu.wallSeconds, cpu.postgres.map { String(format: "%.2f cores", $0 / cpu.wallSeconds) } ?? "-"))
        say(String(format: "CPU per video: process %.1f ms = the service's %d threads %.1f + ffmpeg fitting photos %.1f "
                            + "+ the rest of the process (stand-ins, fixture) %.1f; PostgreSQL %@",
                   processCPU / perVideo * 1000, rig.serviceThreads.count, cpu.service / perVideo * 1000,
                   cpu.children / perVideo * 1000, (cpu.own - cpu.service) / perVideo * 1000,
                   cpu.postgres.map { String(format: "%.1f ms", $0 / perVideo * 1000) } ?? "-"))
        let fixtureCommits = Double(ownTransactions)
        let commits = Double(database.commits) - fixtureCommits - idle.commits * windowSeconds
        let writes = Double(database.writeTransactions) - idle.writes * windowSeconds
        say(String(format: "database per video: %.1f commits (xact_commit, read-only included; raw %.1f less %.0f of "
                            + "the fixture's and %.0f idle background), %.1f write transactions, %.2f WAL flushes, %.0f kB WAL",
                   commits / perVideo, Double(database.commits) / perVideo, fixtureCommits, idle.commits * windowSeconds,
                   writes / perVideo, Double(database.walSyncs) / perVideo, Double(database.walBytes) / perVideo / 1024))
        say("rows written per video, by table:")
        database.rowLines(perVideo: perVideo).forEach { say($0) }
        try jobLines(pool, after: firstJob, perVideo: perVideo).forEach { say($0) }
        JobOutcomes.lines(metrics).filter { $0.contains("jobs video.") || $0.contains("jobs order.") }.forEach { say($0) }
        let telegram = TelegramCounts.take(rig.telegram, users: sellers.map(\.user)) - telegramBefore
        say(telegram.line(perVideo: perVideo))
        let creates = rig.kie.createCalls
        let budgetWaits = JobOutcomes.count(metrics, kind: "video.submit", outcome: "snooze")
        say("KIE: create calls \(creates.count) (\(creates.filter { $0.code != 200 }.count) refused), "
              + "tasks \(rig.kie.tasks.count), callbacks posted \(rig.kie.callbacks.count); "
              + "submits that waited for the create budget or a key \(budgetWaits)"
              + (budgetWaits > 0 ? " (KIE's limit took part: raise KIE_KEYS)" : ""))

        let passed = settled && tally.passed && tally.delivered == videos
        say(String(format: "RESULT videos_per_s=%.2f cpu_ms=%.1f service_cpu_ms=%.1f postgres_cpu_ms=%@ "
                            + "commits=%.1f writes=%.1f passed=%d",
                   timeline.videosPerSecond, processCPU / perVideo * 1000,
                   cpu.service / perVideo * 1000, cpu.postgres.map { String(format: "%.1f", $0 / perVideo * 1000) } ?? "-",
                   commits / perVideo, writes / perVideo, passed ? 1 : 0))
        return passed ? 0 : 1
    }

    /// Every seller through the dialogue at once, each on a thread of its own, up to the options card.
    private static func openCards(_ sellers: [Seller], photo: [UInt8]) throws -> [StoredMessage] {
        let results = Cards()
        let done = DispatchGroup()
        for (index, seller) in sellers.enumerated() {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                let result = Result { try seller.openCard(photo: photo) }
                    .mapError { LoadRun.Failed(description: "seller \(seller.user.id): \($0)") }
                results.byIndex.withLock { $0[index] = result }
            }
            thread.stackSize = 256 << 10
            thread.start()
        }
        done.wait()
        let all = results.byIndex.withLock { $0 }
        return try sellers.indices.map { try all[$0]!.get() }
    }

    /// Waits until no update is waiting at the Telegram stand-in and no job of the dialogue or the pipeline is
    /// pending or running.
    private static func waitForQuiet(_ rig: Rig, timeout: Duration) throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if rig.telegram.pendingUpdateCount == 0, try Work.read(rig.service.database).pendingJobs == 0 { return }
            Thread.sleep(forTimeInterval: 0.5)
        }
        throw LoadRun.Failed(description: "the dialogue did not come to rest within \(timeout)")
    }

    private static func jobLines(_ pool: PostgresPool, after firstJob: Int64, perVideo: Double) throws -> [String] {
        let rows = try pool.query("""
            SELECT kind, count(*)::int AS jobs, sum(attempt)::int AS runs FROM jobs WHERE id > $1
            GROUP BY kind ORDER BY kind
            """, [firstJob])
        let kinds = try rows.map { row in
            String(format: "%@ %.2f (runs %.2f)", try row.decode("kind", as: String.self),
                   Double(try row.decode("jobs", as: Int.self)) / perVideo, Double(try row.decode("runs", as: Int.self)) / perVideo)
        }
        return ["jobs per video, by kind: " + kinds.joined(separator: ", ")]
    }
}

/// The options cards the sellers reached, by seller.
private final class Cards: Sendable {
    let byIndex = Mutex<[Int: Result<StoredMessage, LoadRun.Failed>]>([:])
}

/// Background activity per second while nothing is ordered.
private struct Rate {
    let commits: Double
    let writes: Double

    init(_ counters: DatabaseCounters, over seconds: Double) {
        // The first reading's own transactions are in the difference.
        commits = Double(counters.commits - DatabaseCounters.transactionsPerReading) / seconds
        writes = Double(counters.writeTransactions) / seconds
    }
}

/// What is still to do, in one query: videos not final, jobs of the dialogue and the pipeline pending or running
/// (status refreshes and fallback polls included; only the service's own periodic jobs are left out), active orders.
private struct Work {
    var videos = 0
    var delivered = 0
    var notFinal = 0
    var pendingJobs = 0
    var activeOrders = 0

    static func read(_ pool: PostgresPool) throws -> Work {
        var work = Work()
        guard let row = try pool.query("""
            SELECT (SELECT count(*)::int FROM videos) AS videos,
                   (SELECT count(*)::int FROM videos WHERE state = 'delivered') AS delivered,
                   (SELECT count(*)::int FROM videos WHERE state NOT IN ('delivered', 'failed', 'cancelled')) AS not_final,
                   (SELECT count(*)::int FROM jobs WHERE state IN ('available', 'running') AND kind NOT LIKE 'app.%') AS pending,
                   (SELECT count(*)::int FROM orders WHERE status = 'active') AS active
            """).first else { return work }
        work.videos = try row.decode("videos")
        work.delivered = try row.decode("delivered")
        work.notFinal = try row.decode("not_final")
        work.pendingJobs = try row.decode("pending")
        work.activeOrders = try row.decode("active")
        return work
    }

    func settled(expectedVideos: Int) -> Bool {
        videos >= expectedVideos && notFinal == 0 && pendingJobs == 0 && activeOrders == 0
    }

    var line: String {
        "videos \(videos), delivered \(delivered), not final \(notFinal), pending jobs \(pendingJobs), active orders \(activeOrders)"
    }
}

/// From the first order to the last delivery, by the database's clock.
private struct Timeline {
    var videosPerSecond = 0.0
    var line = "throughput: no video delivered"

    static func read(_ pool: PostgresPool) throws -> Timeline {
        var timeline = Timeline()
        guard let first = try pool.query("SELECT extract(epoch FROM min(created_at))::float8 AS t FROM orders")
            .first?.decode("t", as: Double?.self) ?? nil else { return timeline }
        let deliveries = try pool.query("""
            SELECT extract(epoch FROM delivered_at)::float8 AS t FROM videos WHERE state = 'delivered' ORDER BY delivered_at
            """).map { try $0.decode("t", as: Double.self) - first }
        guard let firstDelivery = deliveries.first, let last = deliveries.last, last > 0 else { return timeline }
        timeline.videosPerSecond = Double(deliveries.count) / last
        timeline.line = String(
            format: "throughput: %d videos delivered %.1f s after the first order: %.2f videos/s (the first delivered "
                    + "after %.1f s, half after %.1f s)",
            deliveries.count, last, timeline.videosPerSecond, firstDelivery, deliveries[deliveries.count / 2])
        return timeline
    }
}

/// What the bot sent to the sellers' chats, counted at the Telegram stand-in.
private struct TelegramCounts {
    var videos = 0
    var messages = 0
    var edits = 0
    var answers = 0

    static func take(_ telegram: TelegramStandIn, users: [User]) -> TelegramCounts {
        var counts = TelegramCounts()
        for user in users {
            for message in telegram.chat(user: user) where message.sender == .bot {
                if message.video != nil { counts.videos += 1 } else { counts.messages += 1 }
                counts.edits += message.editCount
            }
        }
        counts.answers = telegram.callbackQueries.filter(\.answered).count
        return counts
    }

    static func - (after: TelegramCounts, before: TelegramCounts) -> TelegramCounts {
        TelegramCounts(videos: after.videos - before.videos, messages: after.messages - before.messages,
                       edits: after.edits - before.edits, answers: after.answers - before.answers)
    }

    func line(perVideo: Double) -> String {
        String(format: "Telegram per video: sendVideo %.2f, sendMessage %.2f, editMessageText %.2f (messages %.2f), "
                        + "answerCallbackQuery %.2f", Double(videos) / perVideo, Double(messages) / perVideo,
               Double(edits) / perVideo, Double(videos + messages + edits) / perVideo, Double(answers) / perVideo)
    }
}

/// The CPU used so far: the whole process, its reaped children, the service's threads, PostgreSQL.
private struct CPUSample {
    var wall: ContinuousClock.Instant
    var wallSeconds = 0.0
    var own: Double
    var children: Double
    var service: Double
    var postgres: Double?

    static func take(serviceThreads: Set<Int32>, postmaster: Int32) -> CPUSample {
        CPUSample(wall: .now, own: CPUTime.ownSeconds, children: CPUTime.childrenSeconds,
                  service: CPUTime.seconds(ofThreads: serviceThreads),
                  postgres: postmaster > 0 ? CPUTime.postgresSeconds(postmaster: postmaster) : nil)
    }

    static func - (after: CPUSample, before: CPUSample) -> CPUSample {
        CPUSample(wall: after.wall, wallSeconds: (after.wall - before.wall).seconds, own: after.own - before.own,
                  children: after.children - before.children, service: after.service - before.service,
                  postgres: after.postgres.flatMap { later in before.postgres.map { later - $0 } })
    }
}

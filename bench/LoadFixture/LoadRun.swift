import App
import Foundation
import Logging
import Sandbox

/// `load-fixture load`: SELLERS sellers at once, each ordering VIDEOS_PER_SELLER videos through the Telegram stand-in,
/// KIE taking 5–60 s with dropped, duplicated and failed tasks, the service with WORKERS workers in this process.
/// Waits until everything has come to rest, then prints where every video ended, the money checks, the service's
/// overhead, Telegram 429s and peak RSS; the last line is the summary `bench/load` greps for.
enum LoadRun {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ knobs: Knobs) throws -> Int32 {
        guard let databaseURL = knobs.values["DATABASE_URL"], !databaseURL.isEmpty else {
            throw Failed(description: "DATABASE_URL is required")
        }
        let photoPath = knobs.string("PHOTO", "")
        guard let photo = FileManager.default.contents(atPath: photoPath).map(Array.init), !photo.isEmpty else {
            throw Failed(description: "PHOTO must name a JPEG file")
        }
        let sellerCount = knobs.int("SELLERS", 200, range: 1...10_000)
        let videos = [1, 3, 5].contains(knobs.int("VIDEOS_PER_SELLER", 5)) ? knobs.int("VIDEOS_PER_SELLER", 5) : 5
        let keyCount = knobs.int("KIE_KEYS", 10, range: 1...100)
        let timeout = knobs.seconds("LOAD_TIMEOUT", 1800)

        var options = Rig.Options(databaseURL: databaseURL, mediaDirectory: knobs.string("MEDIA_DIR", NSTemporaryDirectory() + "load-media"))
        options.workers = knobs.int("WORKERS", 20, range: 1...256)
        options.kieKeys = (1...keyCount).map { "kie-load-key-\($0)" }
        let minimum = knobs.double("KIE_MIN_S", 5), maximum = max(minimum, knobs.double("KIE_MAX_S", 60))
        // About a second in KIE's queue, the rest generating: 5–60 s from createTask to the callback.
        options.kieQueueTime = .milliseconds(500) ... .milliseconds(1000)
        options.kieGenerationTime = .milliseconds(Int(max(0, minimum - 0.75) * 1000)) ... .milliseconds(Int(max(0, maximum - 0.75) * 1000))
        options.kieChaos = KIEChaos(
            dropCallbackRate: knobs.double("DROP_RATE", 0.10, range: 0...1),
            duplicateCallbackRate: knobs.double("DUPLICATE_RATE", 0.05, range: 0...1),
            temporaryFailureRate: knobs.double("TEMPORARY_RATE", 0.05, range: 0...1),
            userErrorRate: knobs.double("USER_ERROR_RATE", 0.02, range: 0...1))
        options.tuning.pipeline.pollInterval = knobs.seconds("POLL_INTERVAL", 10)
        // KIE's limit is per account, and each key here is an account of its own with the bot's budget per account.
        options.tuning.pipeline.createTasksPer10Seconds = knobs.double("KIE_TASKS_PER_10S", 20)
        options.freeCredits = videos * options.videoPrice
        options.logLevel = Logger.Level(rawValue: knobs.string("LOG_LEVEL", "error")) ?? .error

        let metrics = PrometheusMetrics()
        metrics.bootstrap()
        LoggingSetup.bootstrap(level: options.logLevel, secrets: [])
        let logger = Logger(label: "load")
        let rig = try Rig(options: options, metrics: metrics, logger: logger)
        defer { rig.shutdown() }
        say("load: \(sellerCount) sellers x \(videos) videos, \(options.workers) workers, \(keyCount) KIE keys, "
              + "KIE \(minimum)-\(maximum) s, create cap \(options.tuning.pipeline.createTasksPer10Seconds)/10 s, "
              + "poll interval \(options.tuning.pipeline.pollInterval), callback grace \(options.tuning.pipeline.callbackGrace), "
              + "Telegram stand-in limits 30/s global, 1/s per chat (burst 3)")

        let crowd = Crowd(count: sellerCount, firstUserID: 5_000_000)
        let flooder = Flooder()
        let floodInterval = knobs.seconds("FLOOD_INTERVAL", 1.5)
        if floodInterval > .zero { flooder.start(telegram: rig.telegram, photo: photo, interval: floodInterval) }
        let began = ContinuousClock.now
        crowd.start(telegram: rig.telegram, videos: videos, videoPrice: options.videoPrice,
                    patience: knobs.seconds("SELLER_PATIENCE", 300), photo: photo)
        var settled = false
        var lastReport = ContinuousClock.now - .seconds(60)
        while ContinuousClock.now - began < timeout {
            Thread.sleep(forTimeInterval: 1)
            let sellers = crowd.current
            guard let progress = try? Progress.read(pool: rig.service.database, telegram: rig.telegram) else { continue }
            if sellers.finished == sellerCount && progress.settled(expectedVideos: sellers.placed * videos) {
                settled = true
                break
            }
            if ContinuousClock.now - lastReport >= .seconds(15) {
                lastReport = .now
                say(String(format: "  t=%4.0f s: orders placed %d/%d, %@, Telegram 429s %d, rss %.0f MB",
                             (ContinuousClock.now - began).seconds, sellers.placed, sellerCount, progress.line,
                             rig.telegramProxy.tooManyRequests, PeakMemory.currentMiB ?? 0))
            }
        }
        flooder.stop()
        let elapsed = (ContinuousClock.now - began).seconds
        let sellers = crowd.current
        if !settled { say("load: NOT SETTLED within \(timeout); figures below are as they stand") }
        for failure in sellers.failures.prefix(10) { say("  seller failed: \(failure)") }
        if let p50 = Overhead.percentile(sellers.placingTimes, 0.5), let p100 = sellers.placingTimes.max() {
            say(String(format: "dialogue: orders confirmed after p50 %.1f s, last %.1f s", p50, p100))
        }

        if floodInterval > .zero {
            let analysed = try rig.service.database.query(
                "SELECT count(*)::int AS n FROM photo_analyses WHERE user_id = $1", [flooder.user.id]
            ).first?.decode("n", as: Int.self) ?? 0
            // Each seller sends five updates: /start, the photo, skip, the count and confirm.
            let share = Double(flooder.updates) / Double(flooder.updates + sellers.placed * 5) * 100
            say(String(format: "hostile: one account sent %d updates (%.0f%% of all), %d photos analysed",
                       flooder.updates, share, analysed))
        }
        let tally = try Tally.take(pool: rig.service.database, telegram: rig.telegram, sellers: crowd.sellers,
                                   ordersPlaced: sellers.placed, expectedVideos: sellers.placed * videos)
        tally.lines.forEach { say($0) }
        let overhead = try Overhead.measure(pool: rig.service.database, kie: rig.kie, receipts: rig.telegramProxy.receipts)
        overhead.lines.forEach { say($0) }
        JobOutcomes.lines(metrics).forEach { say($0) }
        let tasks = rig.kie.tasks
        say("KIE tasks \(tasks.count) (\(tasks.filter { $0.state == .fail }.count) failed), "
              + "create calls \(rig.kie.createCalls.count) (\(rig.kie.createCalls.filter { $0.code != 200 }.count) refused), "
              + "callbacks posted \(rig.kie.callbacks.count)")
        let rss = PeakMemory.peakMiB ?? 0
        say("Telegram 429s received \(rig.telegramProxy.tooManyRequests); peak RSS (stand-ins + service + sellers, one process) "
              + String(format: "%.0f MB; wall time %.0f s", rss, elapsed))
        let p99 = overhead.p99 ?? .nan
        if !(p99 < 2) { say("load: overhead p99 target (2 s) MISSED") }
        let setting = knobs.string("DB_SETTING", "durable")
        say("load: \(setting), " + String(format: "delivered %d, refunded %d, lost %d, duplicates %d, ledger mismatches %d, "
                                                + "overhead p99 %.2f s, rss %.0f MB", tally.delivered, tally.refunded, tally.lost, tally.duplicates, tally.ledgerMismatches, p99, rss))
        return settled && tally.passed ? 0 : 1
    }
}

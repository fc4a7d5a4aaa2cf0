import Bot
import Foundation
import Postgres
import Sandbox
import Telegram

/// Where every video ended, read from the database and the Telegram stand-in's chats, and the money checks:
/// each video delivered once or refunded once, balances equal ledgers, no message twice.
struct Tally: Sendable {
    var expectedVideos = 0
    var ordersPlaced = 0
    var ordersNotPlaced = 0
    var videos = 0
    var delivered = 0
    /// Failed or cancelled, with exactly one refund row.
    var refunded = 0
    /// Not in a final state, or failed without exactly one refund, or delivered and refunded.
    var lost = 0
    var notFinal = 0
    var refundErrors = 0
    /// Video messages beyond the first for the same video (same chat, same caption).
    var duplicates = 0
    /// Which videos were sent more than once: (chat, caption, messages with that caption).
    var duplicated: [(chatID: Int64, caption: String, copies: Int)] = []
    /// Delivered videos whose message is not in the chat.
    var missingMessages = 0
    var ledgerMismatches = 0
    var violations = 0
    /// Failed and cancelled videos by failure class and reason, e.g. "temporary/service_unavailable 3".
    var refundReasons: [String] = []
    /// Refunded although KIE had made the video (downloaded, or at least its result known): paid for, not delivered.
    var refundedAfterGeneration = 0
    /// Jobs handed back to the queue after their worker died (lease expired).
    var rescuedJobs = 0
    /// Jobs that used up their attempts, by kind.
    var failedJobs: [String] = []

    var passed: Bool { passedApartFromDuplicates && duplicates == 0 }

    /// Every check but duplicates, for the fault runs, which judge each duplicate on its own (`KillResends`).
    var passedApartFromDuplicates: Bool {
        ordersNotPlaced == 0 && videos == expectedVideos && lost == 0 && missingMessages == 0 && ledgerMismatches == 0
    }

    static func take(pool: PostgresPool, telegram: TelegramStandIn, sellers: [User], ordersPlaced: Int,
                     expectedVideos: Int) throws -> Tally {
        var tally = Tally()
        tally.expectedVideos = expectedVideos
        tally.ordersPlaced = ordersPlaced
        tally.ordersNotPlaced = sellers.count - ordersPlaced
        for row in try pool.query("SELECT state, count(*)::int AS n FROM videos GROUP BY state") {
            let state: String = try row.decode("state")
            let count: Int = try row.decode("n")
            tally.videos += count
            switch state {
            case "delivered": tally.delivered += count
            case "failed", "cancelled": break
            default: tally.notFinal += count
            }
        }
        let refunds = try pool.query("""
            SELECT count(*) FILTER (WHERE v.state IN ('failed', 'cancelled') AND r.n = 1)::int AS refunded,
                   count(*) FILTER (WHERE (v.state IN ('failed', 'cancelled') AND r.n <> 1)
                                       OR (v.state = 'delivered' AND r.n <> 0))::int AS wrong
            FROM videos v
            CROSS JOIN LATERAL (SELECT count(*) AS n FROM ledger l WHERE l.reference = 'video:' || v.id || ':refund') r
            """)
        if let row = refunds.first {
            tally.refunded = try row.decode("refunded")
            tally.refundErrors = try row.decode("wrong")
        }
        tally.lost = tally.notFinal + tally.refundErrors
        tally.refundedAfterGeneration = try pool.query("""
            SELECT count(*)::int FROM videos WHERE state = 'failed' AND (file_path IS NOT NULL OR result_url IS NOT NULL)
            """).first?.decode(at: 0, as: Int.self) ?? 0
        tally.failedJobs = try pool.query("""
            SELECT kind, count(*)::int AS n FROM jobs WHERE state = 'failed' GROUP BY kind ORDER BY kind
            """).map { "\(try $0.decode("kind", as: String.self)) \(try $0.decode("n", as: Int.self))" }
        tally.rescuedJobs = try pool.query("SELECT count(*)::int FROM jobs WHERE rescued_count > 0")
            .first?.decode(at: 0, as: Int.self) ?? 0
        tally.refundReasons = try pool.query("""
            SELECT state || ' ' || coalesce(failure_class, '-') || '/' || coalesce(failure_reason, '-') AS reason,
                   count(*)::int AS n
            FROM videos WHERE state IN ('failed', 'cancelled') GROUP BY 1 ORDER BY 2 DESC
            """).map { "\(try $0.decode("reason", as: String.self)) \(try $0.decode("n", as: Int.self))" }
        tally.ledgerMismatches = try pool.withConnection { try Ledger.mismatches(on: $0) }.count

        var sentFileIDs = Set<String>()
        for seller in sellers {
            var perCaption: [String: Int] = [:]
            for message in telegram.chat(user: seller) where message.sender == .bot {
                guard let video = message.video else { continue }
                sentFileIDs.insert(video.fileID)
                perCaption[message.caption ?? "", default: 0] += 1
            }
            tally.duplicates += perCaption.values.reduce(0) { $0 + max(0, $1 - 1) }
            tally.duplicated += perCaption.filter { $0.value > 1 }.sorted { $0.key < $1.key }
                .map { (seller.id, $0.key, $0.value) }
        }
        let deliveredFileIDs = try pool.query("""
            SELECT telegram_file_id FROM videos WHERE state = 'delivered' AND telegram_file_id IS NOT NULL
            """).map { try $0.decode(at: 0, as: String.self) }
        tally.missingMessages = deliveredFileIDs.filter { !sentFileIDs.contains($0) }.count
        tally.violations = telegram.violations.count
        return tally
    }

    var lines: [String] {
        [
            "orders placed \(ordersPlaced), not placed \(ordersNotPlaced)",
            "videos \(videos) of \(expectedVideos): delivered \(delivered), refunded \(refunded), not final \(notFinal)",
            "refund errors \(refundErrors) (failed without exactly one refund, or delivered and refunded)",
            "lost \(lost), duplicate deliveries \(duplicates), delivered but missing from the chat \(missingMessages)",
            "ledger mismatches \(ledgerMismatches), Bot API violations \(violations)",
            "refunded because: " + (refundReasons.isEmpty ? "-" : refundReasons.joined(separator: ", "))
                + "; of them after KIE had made the video: \(refundedAfterGeneration)",
            "jobs that used up their attempts: " + (failedJobs.isEmpty ? "-" : failedJobs.joined(separator: ", "))
                + "; jobs rescued from a dead worker: \(rescuedJobs)",
        ]
    }
}

/// Whether everything has come to rest: every expected video final, no pipeline or outbox job pending, no order
/// active, no update waiting at the Telegram stand-in. Poll jobs are left out: each waits the callback grace after
/// its submit even when the callback has long since delivered the video, and finds nothing to do.
struct Progress: Sendable {
    var videos = 0
    var notFinal = 0
    var pendingJobs = 0
    var activeOrders = 0
    var pendingUpdates = 0

    func settled(expectedVideos: Int) -> Bool {
        videos >= expectedVideos && notFinal == 0 && pendingJobs == 0 && activeOrders == 0 && pendingUpdates == 0
    }

    static func read(pool: PostgresPool, telegram: TelegramStandIn) throws -> Progress {
        var progress = Progress()
        guard let row = try pool.query("""
            SELECT (SELECT count(*)::int FROM videos) AS videos,
                   (SELECT count(*)::int FROM videos WHERE state NOT IN ('delivered', 'failed', 'cancelled')) AS not_final,
                   (SELECT count(*)::int FROM jobs WHERE state IN ('available', 'running') AND kind <> 'video.poll'
                       AND (kind LIKE 'telegram.%' OR kind LIKE 'video.%' OR kind LIKE 'order.%')) AS pending,
                   (SELECT count(*)::int FROM orders WHERE status = 'active') AS active
            """).first else { return progress }
        progress.videos = try row.decode("videos")
        progress.notFinal = try row.decode("not_final")
        progress.pendingJobs = try row.decode("pending")
        progress.activeOrders = try row.decode("active")
        progress.pendingUpdates = telegram.pendingUpdateCount
        return progress
    }

    var line: String {
        "videos \(videos), not final \(notFinal), pending jobs \(pendingJobs), active orders \(activeOrders)"
    }
}

import Bot
import Domain
import Foundation
import Postgres

/// Delivery to Telegram is at-least-once: sendVideo has no idempotency key, so a worker process SIGKILLed after
/// Telegram accepted a video but before it committed "delivered" leaves the delivery job to be rescued when its
/// lease expires, and the video goes out again. That resend is the only accepted duplicate, so each duplicated
/// video is judged on its own: it is a resend after a kill only when every copy but the last had a kill close after
/// its sendVideo reached Telegram, and the video's delivery job was rescued from a dead worker once per resend.
/// Anything else is a bug.
struct KillResends {
    /// Kill time minus the time the copy's sendVideo reached the proxy. The proxy stamps a request once it has read
    /// the whole upload, which may be a moment after its sender died; after the stamp the stand-in answers and the
    /// worker commits, one database round trip, well inside 2 s on a busy machine.
    static let window: ClosedRange<TimeInterval> = -0.2 ... 2

    /// Extra copies (beyond the first) of the videos that were resent after a kill.
    private(set) var explainedCopies = 0
    private(set) var lines: [String] = []

    static func classify(_ duplicated: [(chatID: Int64, caption: String, copies: Int)],
                         receipts: [RecordingProxy.VideoReceipt], kills: [Date],
                         pool: PostgresPool) throws -> KillResends {
        var result = KillResends()
        for duplicate in duplicated {
            let sent = receipts.filter { $0.chatID == duplicate.chatID && $0.caption == duplicate.caption }
                .map(\.receivedAt).sorted()
            let what = "chat \(duplicate.chatID) \"\(duplicate.caption)\""
            switch try judge(duplicate, sent: sent, kills: kills, pool: pool) {
            case .resent(let killedAt):
                result.explainedCopies += duplicate.copies - 1
                let pairs = zip(sent, killedAt).enumerated().map { index, pair in
                    "\(index == 0 ? "first" : "again") at \(time(pair.0)) killed at \(time(pair.1))"
                }
                result.lines.append("resent after a kill: \(what) " + pairs.joined(separator: ", "))
            case .unexplained(let reason):
                let times = duplicate.copies == 2 ? "twice" : "\(duplicate.copies) times"
                result.lines.append("sent \(times): \(what) at \(sent.map(time).joined(separator: ", ")) "
                                    + "(not a resend after a kill: \(reason))")
            }
        }
        return result
    }

    private enum Verdict {
        /// One kill per resend, in the order of the copies.
        case resent(killedAt: [Date])
        case unexplained(String)
    }

    private static func judge(_ duplicate: (chatID: Int64, caption: String, copies: Int), sent: [Date], kills: [Date],
                              pool: PostgresPool) throws -> Verdict {
        // Without every copy's arrival there is no telling which send a kill interrupted.
        guard sent.count == duplicate.copies else {
            return .unexplained("the proxy saw \(sent.count) of \(duplicate.copies) copies")
        }
        var killedAt: [Date] = []
        for copy in sent.dropLast() {
            guard let kill = kills.filter({ window.contains($0.timeIntervalSince(copy)) }).min() else {
                return .unexplained("no kill from \(window.lowerBound) s to +\(window.upperBound) s of \(time(copy))")
            }
            killedAt.append(kill)
        }
        guard let videoID = try videoID(chatID: duplicate.chatID, caption: duplicate.caption, pool: pool) else {
            return .unexplained("no video of the chat has this caption")
        }
        let rescues = try pool.query("""
            SELECT coalesce(sum(rescued_count), 0)::int FROM jobs
            WHERE kind = $1 AND payload->>'videoID' = $2
            """, [PipelineJobs.deliverVideo, String(videoID)]).first?.decode(at: 0, as: Int.self) ?? 0
        guard rescues >= duplicate.copies - 1 else {
            return .unexplained("video \(videoID)'s delivery job was rescued \(rescues) times "
                                + "for \(duplicate.copies - 1) resends")
        }
        return .resent(killedAt: killedAt)
    }

    /// The video whose caption this is, worded as the delivery words it (order, position, count, language).
    private static func videoID(chatID: Int64, caption: String, pool: PostgresPool) throws -> Int64? {
        let rows = try pool.query("""
            SELECT v.id, v.order_id, v.position, o.video_count, o.language
            FROM videos v JOIN orders o ON o.id = v.order_id WHERE o.chat_id = $1
            """, [chatID])
        let matches = try rows.filter { row in
            let texts = (Language(rawValue: try row.decode("language")) ?? .ru).texts
            return caption == texts.videoCaption(try row.decode("order_id"), try row.decode("position"),
                                                 try row.decode("video_count"))
        }
        guard matches.count == 1 else { return nil }
        return try matches[0].decode("id")
    }

    static func time(_ date: Date) -> String {
        ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: [.withFullTime, .withFractionalSeconds])
    }
}

import Domain
import Foundation
import Postgres

/// One video with what its steps need from its order.
struct VideoRecord: Sendable {
    var id: Int64
    var orderID: Int64
    var position: Int
    var state: VideoState
    var prompt: String?
    var model: String
    var attempts: Int
    var taskID: String?
    var keyID: String?
    var resultURL: String?
    var pastDeadline: Bool
    var chatID: Int64
    var userID: Int64
    var videoCount: Int
    var format: VideoFormat
    var language: Language
    var unitPrice: Int
    var photoPath: String?

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        orderID = try row.decode("order_id")
        position = try row.decode("position")
        state = VideoState(rawValue: try row.decode("state")) ?? .failed
        prompt = try row.decode("prompt")
        model = try row.decode("model")
        attempts = try row.decode("attempts")
        taskID = try row.decode("kie_task_id")
        keyID = try row.decode("kie_key_id")
        resultURL = try row.decode("result_url")
        pastDeadline = try row.decode("past_deadline")
        chatID = try row.decode("chat_id")
        userID = try row.decode("user_id")
        videoCount = try row.decode("video_count")
        format = VideoFormat(rawValue: try row.decode("format")) ?? .portrait
        language = Language(rawValue: try row.decode("language")) ?? .ru
        unitPrice = try row.decode("unit_price")
        photoPath = try row.decode("photo_path")
    }
}

/// The video state machine's writes. Every transition names the states it leaves, so a duplicate or late event
/// finds the video elsewhere and changes nothing.
enum Videos {
    static func load(_ id: Int64, lock: Bool = false, on db: PostgresConnection) throws -> VideoRecord? {
        try db.query("""
            SELECT v.id, v.order_id, v.position, v.state, v.prompt, v.model, v.attempts, v.kie_task_id, v.kie_key_id,
                   v.result_url, v.deadline_at < now() AS past_deadline,
                   o.chat_id, o.user_id, o.video_count, o.format, o.language, o.unit_price, o.photo_path
            FROM videos v JOIN orders o ON o.id = v.order_id WHERE v.id = $1
            """ + (lock ? " FOR UPDATE OF v" : ""), [id]).first.map(VideoRecord.init(row:))
    }

    /// Moves the video from one of `from` to `to`, setting extra columns; false when it was not in `from`.
    @discardableResult
    static func transition(_ id: Int64, from: [VideoState], to: VideoState, set assignments: String = "",
                           _ parameters: [any PostgresEncodable] = [], on db: PostgresConnection) throws -> Bool {
        let extra = assignments.isEmpty ? "" : ", " + assignments
        return try db.execute("""
            UPDATE videos SET state = $2, updated_at = now()\(extra)
            WHERE id = $1 AND state = ANY($3::text[])
            """, [id, to.rawValue, "{" + from.map(\.rawValue).joined(separator: ",") + "}"] + parameters) == 1
    }

    /// Fails the video and refunds it, once: a second call finds it terminal and does nothing.
    @discardableResult
    static func fail(_ video: VideoRecord, class failureClass: FailureClass, reason: FailureReason,
                     settings: PipelineSettings, on db: PostgresConnection) throws -> Bool {
        let nonTerminal = VideoState.allCases.filter { !$0.isTerminal }
        guard try transition(video.id, from: nonTerminal, to: .failed, set: "failure_class = $4, failure_reason = $5",
                             [failureClass.rawValue, reason.rawValue], on: db)
        else { return false }
        try refund(video.id, userID: video.userID, orderID: video.orderID, amount: video.unitPrice, on: db)
        try PipelineJobs.enqueueStatus(orderID: video.orderID, throttle: settings.statusThrottle, on: db)
        VideoMetrics.finished(.failed, failureClass: failureClass)
        return true
    }

    static func refund(_ videoID: Int64, userID: Int64, orderID: Int64, amount: Int, on db: PostgresConnection) throws {
        try Ledger.post(userID: userID, delta: amount, reason: .refund, reference: "video:\(videoID):refund",
                        orderID: orderID, on: db)
    }

    /// Cancels the order's videos not yet handed to KIE and refunds each; returns how many.
    static func cancel(orderID: Int64, userID: Int64, on db: PostgresConnection) throws -> Int {
        let cancellable = VideoState.allCases.filter(\.isCancellable).map(\.rawValue)
        let rows = try db.query("""
            UPDATE videos v SET state = 'cancelled', failure_reason = 'cancelled', updated_at = now()
            FROM orders o
            WHERE v.order_id = $1 AND o.id = v.order_id AND o.user_id = $2 AND v.state = ANY($3::text[])
            RETURNING v.id, o.unit_price
            """, [orderID, userID, "{" + cancellable.joined(separator: ",") + "}"])
        for row in rows {
            try refund(try row.decode("id"), userID: userID, orderID: orderID, amount: try row.decode("unit_price"), on: db)
        }
        VideoMetrics.finished(.cancelled, count: rows.count)
        return rows.count
    }

    static func progress(orderID: Int64, on db: PostgresConnection) throws -> OrderProgress {
        let rows = try db.query("""
            SELECT state, count(*)::int AS n, min(failure_reason) FILTER (WHERE state = 'failed') AS reason
            FROM videos WHERE order_id = $1 GROUP BY state
            """, [orderID])
        var counts: [VideoState: Int] = [:]
        var reason: FailureReason?
        for row in rows {
            guard let state = VideoState(rawValue: try row.decode("state")) else { continue }
            counts[state] = try row.decode("n")
            if let text = try row.decode("reason", as: String?.self) { reason = FailureReason(rawValue: text) }
        }
        return OrderProgress(orderID: orderID, total: counts.values.reduce(0, +), counts: counts, failureReason: reason)
    }
}

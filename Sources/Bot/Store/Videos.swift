import Domain
import Foundation
import Postgres
import Timekeeping

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

/// The `videos` table. State changes are the named moves of `VideoTransition`; each writes only from the move's
/// `from` states and answers whether it happened, so a duplicate or late event changes nothing.
enum Videos {
    static func load(_ id: Int64, lock: Bool = false, on db: PostgresConnection) throws -> VideoRecord? {
        try db.query("""
            SELECT v.id, v.order_id, v.position, v.state, v.prompt, v.model, v.attempts, v.kie_task_id, v.kie_key_id,
                   v.result_url, v.deadline_at < now() AS past_deadline,
                   o.chat_id, o.user_id, o.video_count, o.format, o.language, o.unit_price, o.photo_path
            FROM videos v JOIN orders o ON o.id = v.order_id WHERE v.id = $1
            """ + (lock ? " FOR UPDATE OF v" : ""), [id]).first.map(VideoRecord.init(row:))
    }

    /// Creates an order's videos, each with the order's deadline.
    static func create(orderID: Int64, count: Int, model: String, deadline: Duration,
                       on db: PostgresConnection) throws -> [Int64] {
        try db.query("""
            INSERT INTO videos (order_id, position, model, deadline_at)
            SELECT $1, generate_series(1, $2), $3, now() + make_interval(secs => $4) RETURNING id
            """, [orderID, count, model, deadline.seconds]).map { try $0.decode("id", as: Int64.self) }.sorted()
    }

    /// The order's videos still waiting for their prompts, by position.
    static func awaitingPrompts(orderID: Int64, on db: PostgresConnection) throws -> [(id: Int64, position: Int)] {
        try db.query("""
            SELECT id, position FROM videos WHERE order_id = $1 AND state = 'queued' ORDER BY position
            """, [orderID]).map { (try $0.decode("id"), try $0.decode("position")) }
    }

    static func markPrepared(_ id: Int64, prompt: String, on db: PostgresConnection) throws -> Bool {
        try move(id, .prepare, set: "prompt = $4", [prompt], on: db)
    }

    /// Spends one of the video's attempts on a createTask about to be made, while any are left: the new count, or
    /// nil when none is left (or the video is no longer waiting for a task).
    static func bookTaskCreation(_ id: Int64, maxAttempts: Int, on db: PostgresConnection) throws -> Int? {
        try db.query("""
            UPDATE videos SET attempts = attempts + 1, updated_at = now()
            WHERE id = $1 AND state = 'submitting' AND attempts < $2 RETURNING attempts
            """, [id, maxAttempts]).first?.decode("attempts", as: Int.self)
    }

    /// KIE refused the task and made nothing (a rate limit, say): the attempt is given back.
    static func returnTaskCreation(_ id: Int64, on db: PostgresConnection) throws {
        try db.execute("""
            UPDATE videos SET attempts = attempts - 1 WHERE id = $1 AND state = 'submitting' AND attempts > 0
            """, [id])
    }

    static func markSubmitted(_ id: Int64, taskID: String, keyID: String, on db: PostgresConnection) throws -> Bool {
        try move(id, .submit, set: "kie_task_id = $4, kie_key_id = $5, submitted_at = now()", [taskID, keyID], on: db)
    }

    /// The old task's reports no longer match once its id is cleared.
    static func markResubmitting(_ id: Int64, on db: PostgresConnection) throws -> Bool {
        try move(id, .resubmit, set: "kie_task_id = NULL", on: db)
    }

    static func markDownloading(_ id: Int64, url: String, on db: PostgresConnection) throws -> Bool {
        try move(id, .made, set: "result_url = $4", [url], on: db)
    }

    static func markDelivering(_ id: Int64, filePath: String, on db: PostgresConnection) throws -> Bool {
        try move(id, .downloaded, set: "file_path = $4", [filePath], on: db)
    }

    /// A nil file id: the seller blocked the bot, and the video stays stored.
    static func markDelivered(_ id: Int64, fileID: String?, on db: PostgresConnection) throws -> Bool {
        try move(id, .deliver, set: "telegram_file_id = $4, delivered_at = now()", [fileID], on: db)
    }

    static func markFailed(_ id: Int64, class failureClass: FailureClass, reason: FailureReason,
                           on db: PostgresConnection) throws -> Bool {
        try move(id, .fail, set: "failure_class = $4, failure_reason = $5", [failureClass.rawValue, reason.rawValue],
                 on: db)
    }

    /// Cancels the order's videos not yet handed to KIE; returns the ones cancelled with their price.
    static func cancel(orderID: Int64, userID: Int64, on db: PostgresConnection) throws -> [(id: Int64, price: Int)] {
        try db.query("""
            UPDATE videos v SET state = $4, failure_reason = 'cancelled', updated_at = now()
            FROM orders o
            WHERE v.order_id = $1 AND o.id = v.order_id AND o.user_id = $2 AND v.state = ANY($3::text[])
            RETURNING v.id, o.unit_price
            """, [orderID, userID, textArray(VideoTransition.cancel.from), VideoTransition.cancel.to.rawValue])
            .map { (try $0.decode("id"), try $0.decode("unit_price")) }
    }

    /// A configuration error moves a video still waiting for its task to the next fallback model.
    static func switchModel(_ id: Int64, to model: String, on db: PostgresConnection) throws {
        try db.execute("UPDATE videos SET model = $2 WHERE id = $1 AND state = 'submitting'", [id, model])
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

    /// The one writer of `state`: `transition`'s move from its `from` states, with the columns it sets.
    private static func move(_ id: Int64, _ transition: VideoTransition, set assignments: String,
                             _ parameters: [any PostgresEncodable] = [], on db: PostgresConnection) throws -> Bool {
        try db.execute("""
            UPDATE videos SET state = $2, updated_at = now(), \(assignments)
            WHERE id = $1 AND state = ANY($3::text[])
            """, [id, transition.to.rawValue, textArray(transition.from)] + parameters) == 1
    }

    static func textArray(_ states: Set<VideoState>) -> String {
        "{" + states.map(\.rawValue).sorted().joined(separator: ",") + "}"
    }
}

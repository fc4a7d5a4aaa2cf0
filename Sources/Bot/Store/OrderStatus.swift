import Domain
import Foundation
import Postgres
import Timekeeping

/// The order's one status message: which version of the order's progress it shows and when it was last edited.
/// Every change the message should show bumps `status_version`; a refresh that finds nothing newer skips its edit.
enum OrderStatus {
    struct Request: Sendable {
        var version: Int
        /// No sooner than the throttle after the last edit.
        var runAt: Date?
    }

    struct View: Sendable {
        var chatID: Int64
        var language: Language
        var messageID: Int64?
        var version: Int
        var renderedVersion: Int
        /// What the message shows now (`OrderStatusStep.digest`), nil before it is first shown.
        var shownDigest: String?
    }

    static func requestRefresh(orderID: Int64, throttle: Duration, on db: PostgresConnection) throws -> Request? {
        try db.query("""
            UPDATE orders SET status_version = status_version + 1 WHERE id = $1
            RETURNING status_version, greatest(now(), status_sent_at + make_interval(secs => $2)) AS run_at
            """, [orderID, throttle.seconds]).first.map {
            Request(version: try $0.decode("status_version"), runAt: try $0.decode("run_at"))
        }
    }

    static func view(orderID: Int64, on db: PostgresConnection) throws -> View? {
        try db.query("""
            SELECT chat_id, language, status_message_id, status_version, status_rendered_version, status_shown_digest
            FROM orders WHERE id = $1
            """, [orderID]).first.map { row in
            View(chatID: try row.decode("chat_id"),
                 language: Language(rawValue: try row.decode("language")) ?? .ru,
                 messageID: try row.decode("status_message_id"),
                 version: try row.decode("status_version"),
                 renderedVersion: try row.decode("status_rendered_version"),
                 shownDigest: try row.decode("status_shown_digest"))
        }
    }

    static func setMessage(orderID: Int64, messageID: Int64, on db: PostgresConnection) throws {
        try db.execute("UPDATE orders SET status_message_id = $2 WHERE id = $1", [orderID, messageID])
    }

    /// The message now shows `version` (as `digest`, when Telegram confirmed it); a finished order's summary
    /// finishes the order.
    static func markShown(orderID: Int64, version: Int, finished: Bool, digest: String?,
                          on db: PostgresConnection) throws {
        try db.execute("""
            UPDATE orders SET status_sent_at = now(),
                status_rendered_version = greatest(status_rendered_version, $3),
                status_shown_digest = CASE WHEN $3 >= status_rendered_version THEN coalesce($4, status_shown_digest)
                                           ELSE status_shown_digest END,
                status = CASE WHEN $2 AND status = 'active' THEN 'finished' ELSE status END,
                finished_at = CASE WHEN $2 THEN coalesce(finished_at, now()) ELSE finished_at END
            WHERE id = $1
            """, [orderID, finished, version, digest])
    }

    /// Up to `limit` active orders whose videos have all ended but whose summary no job will show (its refresh
    /// failed for good): the summary is what finishes an order, and an active one counts against the seller's cap.
    static func summariesOverdue(limit: Int, on db: PostgresConnection) throws -> [Int64] {
        try db.query("""
            SELECT o.id FROM orders o
            WHERE o.status = 'active'
              AND NOT EXISTS (SELECT 1 FROM videos v WHERE v.order_id = o.id AND v.state = ANY($1::text[]))
              AND NOT EXISTS (SELECT 1 FROM jobs j
                              WHERE j.payload ? 'orderID' AND j.payload->>'orderID' = o.id::text AND j.kind = $2
                                AND j.state IN ('available', 'running'))
            ORDER BY o.id LIMIT $3
            """, [Videos.textArray(VideoTransition.fail.from), PipelineJobs.orderStatus, limit])
            .map { try $0.decode("id", as: Int64.self) }
    }
}

import Foundation
import JobQueue
import Postgres

/// The pipeline's job kinds. Each step of each video is one job with a unique key, so a replayed decision never
/// runs a step twice.
public enum PipelineJobs {
    public static let prepareOrder = "order.prepare"
    public static let submitVideo = "video.submit"
    public static let pollVideo = "video.poll"
    public static let downloadVideo = "video.download"
    public static let deliverVideo = "video.deliver"
    public static let orderStatus = "order.status"
    public static let analyzePhoto = "photo.analyze"

    public struct OrderPayload: Codable, Sendable, Equatable {
        public var orderID: Int64
    }

    public struct VideoPayload: Codable, Sendable, Equatable {
        public var videoID: Int64
    }

    public struct PhotoPayload: Codable, Sendable, Equatable {
        public var userID: Int64
        public var chatID: Int64
        public var version: Int
        public var fileID: String
        public var fileUniqueID: String
    }

    static func enqueuePrepare(orderID: Int64, on db: PostgresConnection) throws {
        try JobQueue.enqueue(.json(kind: prepareOrder, payload: OrderPayload(orderID: orderID),
                                   uniqueKey: "order:\(orderID)", maxAttempts: 5), on: db)
    }

    static func enqueue(_ kind: String, videoID: Int64, step: String? = nil, runAt: Date? = nil,
                        maxAttempts: Int? = nil, on db: PostgresConnection) throws {
        try JobQueue.enqueue(.json(kind: kind, payload: VideoPayload(videoID: videoID),
                                   uniqueKey: "video:\(videoID)" + (step.map { ":\($0)" } ?? ""), runAt: runAt,
                                   maxAttempts: maxAttempts), on: db)
    }

    /// Coalesced and throttled: while one status edit is pending, asking again adds nothing.
    static func enqueueStatus(orderID: Int64, throttle: Duration, on db: PostgresConnection) throws {
        let runAt = try db.query("""
            SELECT greatest(now(), status_sent_at + make_interval(secs => $2)) AS run_at FROM orders WHERE id = $1
            """, [orderID, Double(throttle.components.seconds)]).first?.decode("run_at", as: Date?.self) ?? nil
        try JobQueue.enqueue(.json(kind: orderStatus, payload: OrderPayload(orderID: orderID),
                                   uniqueKey: "order:\(orderID):status", priority: 1, runAt: runAt), on: db)
    }

    static func enqueueAnalysis(_ payload: PhotoPayload, on db: PostgresConnection) throws {
        try JobQueue.enqueue(.json(kind: analyzePhoto, payload: payload,
                                   uniqueKey: "photo:\(payload.chatID):\(payload.version)", priority: 1,
                                   maxAttempts: 3), on: db)
    }
}

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

    public struct StatusPayload: Codable, Sendable, Equatable {
        public var orderID: Int64
        public var version: Int
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

    /// The steps after KIE made the video. A made video is what the seller paid for, so its download and delivery
    /// go ahead of every other job but answering a tapped button.
    static let finishingPriority = 2

    static func enqueue(_ kind: String, videoID: Int64, step: String? = nil, priority: Int = 0, runAt: Date? = nil,
                        maxAttempts: Int? = nil, on db: PostgresConnection) throws {
        try JobQueue.enqueue(.json(kind: kind, payload: VideoPayload(videoID: videoID),
                                   uniqueKey: "video:\(videoID)" + (step.map { ":\($0)" } ?? ""), priority: priority,
                                   runAt: runAt, maxAttempts: maxAttempts), on: db)
    }

    /// Asks for the status message to show a change, no sooner than `throttle` after its last edit. Each change
    /// gets its own refresh job; the first one to run shows the latest state and the rest find nothing newer, so a
    /// change made while a refresh is running is never lost and the message is still edited at most once per window.
    static func enqueueStatus(orderID: Int64, throttle: Duration, on db: PostgresConnection) throws {
        guard let request = try OrderStatus.requestRefresh(orderID: orderID, throttle: throttle, on: db) else { return }
        try JobQueue.enqueue(.json(kind: orderStatus, payload: StatusPayload(orderID: orderID, version: request.version),
                                   uniqueKey: "order:\(orderID):status:\(request.version)", priority: 1,
                                   runAt: request.runAt), on: db)
    }

    /// Free work goes after paid work: a seller flooding photos never holds back anyone's paid videos.
    static let freePriority = -1

    static func enqueueAnalysis(_ payload: PhotoPayload, on db: PostgresConnection) throws {
        try JobQueue.enqueue(.json(kind: analyzePhoto, payload: payload,
                                   uniqueKey: "photo:\(payload.chatID):\(payload.version)", priority: freePriority,
                                   maxAttempts: 3), on: db)
    }
}

import Domain
import Logging
import Postgres

/// The last resort for a paid video: failed with its reason and refunded, exactly once, in the transaction of the
/// state change; the order's status message is asked to show it.
struct VideoFailures: Sendable {
    let statusThrottle: Duration
    let logger: Logger

    /// False when the video had already ended (a second call changes nothing).
    @discardableResult
    func fail(_ video: VideoRecord, class failureClass: FailureClass, reason: FailureReason,
              on db: PostgresConnection) throws -> Bool {
        guard try Videos.markFailed(video.id, class: failureClass, reason: reason, on: db) else { return false }
        try Self.refund(videoID: video.id, userID: video.userID, orderID: video.orderID, amount: video.unitPrice, on: db)
        try PipelineJobs.enqueueStatus(orderID: video.orderID, throttle: statusThrottle, on: db)
        VideoMetrics.finished(.failed, failureClass: failureClass)
        if reason == .deliveryUncertain { VideoMetrics.deliveryUncertain() }
        return true
    }

    func fail(_ video: VideoRecord, class failureClass: FailureClass, reason: FailureReason,
              in pool: PostgresPool) throws {
        try pool.transaction { db in _ = try fail(video, class: failureClass, reason: reason, on: db) }
    }

    /// A result URL outside the policy is never fetched: the video fails for good and is refunded. Classed as
    /// configuration, since a refusal means KIE moved its files (KIE_RESULT_HOSTS needs the new host) or someone
    /// forged a report; operators see it in `/stats` and in the log.
    func refuseResult(_ video: VideoRecord, _ refusal: ResultURLRefusal, on db: PostgresConnection) throws {
        logger.error("KIE result refused", metadata: ["video": "\(video.id)", "reason": "\(refusal)"])
        if try fail(video, class: .config, reason: .serviceUnavailable, on: db) { VideoMetrics.resultRefused(refusal.reason) }
    }

    func refuseResult(_ video: VideoRecord, _ refusal: ResultURLRefusal, in pool: PostgresPool) throws {
        try pool.transaction { db in try refuseResult(video, refusal, on: db) }
    }

    /// A video past its deadline fails, wherever it is: true when it was.
    func failIfPastDeadline(_ video: VideoRecord, in pool: PostgresPool) throws -> Bool {
        guard video.pastDeadline else { return false }
        try fail(video, class: .temporary, reason: .tookTooLong, in: pool)
        logger.warning("video past its deadline", metadata: ["video": "\(video.id)", "order": "\(video.orderID)"])
        return true
    }

    /// Cancels the order's videos not yet handed to KIE and refunds each; returns how many.
    static func cancel(orderID: Int64, userID: Int64, on db: PostgresConnection) throws -> Int {
        let cancelled = try Videos.cancel(orderID: orderID, userID: userID, on: db)
        for video in cancelled {
            try refund(videoID: video.id, userID: userID, orderID: orderID, amount: video.price, on: db)
        }
        VideoMetrics.finished(.cancelled, count: cancelled.count)
        return cancelled.count
    }

    private static func refund(videoID: Int64, userID: Int64, orderID: Int64, amount: Int,
                               on db: PostgresConnection) throws {
        try Ledger.post(userID: userID, delta: amount, reason: .refund, reference: "video:\(videoID):refund",
                        orderID: orderID, on: db)
    }
}

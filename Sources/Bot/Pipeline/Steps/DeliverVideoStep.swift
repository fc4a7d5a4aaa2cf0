import Domain
import HTTPClient
import JobQueue
import Logging
import Postgres
import Telegram

/// Delivering: the video uploaded as a video (not a document) with its buttons; its file_id kept for re-sends.
struct DeliverVideoStep: Sendable {
    let pool: PostgresPool
    let road: TelegramRoad
    let files: VideoFiles
    let failures: VideoFailures
    let statusThrottle: Duration
    let logger: Logger

    func run(_ videoID: Int64, job: Job) throws -> JobOutcome {
        guard let video = try pool.withConnection({ try Videos.load(videoID, on: $0) }), video.state == .delivering
        else { return .done }
        let path: String
        do {
            path = try files.local(video)
        } catch let error as HTTPClientError {
            logger.warning("result fetched again for delivery failed", metadata: ["video": "\(video.id)", "error": "\(error)"])
            return try giveUpUnlessRetrying(video, job: job, worthRetrying: files.isWorthRetrying(error), "\(error)")
        } catch let refusal as ResultURLRefusal {
            // Checked when it was downloaded elsewhere, but its host may resolve somewhere else by now.
            try failures.refuseResult(video, refusal, in: pool)
            return .fail("\(refusal)")
        }
        let caption = OutgoingMessage.videoCaption(orderID: video.orderID, position: video.position,
                                                   of: video.videoCount, texts: video.language.texts)
        let client = road.client
        let result = try road.send(to: video.chatID, as: .video(ticket: job.id)) { chatID in
            try client.sendVideo(SendVideo(chatID: chatID, videoPath: path, caption: caption.text,
                                           replyMarkup: caption.inlineKeyboard))
        }
        switch result {
        case .sent(let message):
            try markDelivered(video, fileID: message.video?.fileID)
            return .done
        case .recipientGone:
            // The seller blocked the bot: the video stays stored, the order completes, nothing is refunded.
            try markDelivered(video, fileID: nil)
            return .done
        case .wait(let duration):
            return .snooze(duration)
        case .failed(let reason):
            return try giveUpUnlessRetrying(video, job: job, worthRetrying: true, reason)
        case .uncertain(let reason):
            return try giveUpUnlessRetrying(video, job: job, worthRetrying: true, reason, mayHaveArrived: true)
        case .refused(let reason):
            return try giveUpUnlessRetrying(video, job: job, worthRetrying: false, reason)
        case .unchanged:
            return try giveUpUnlessRetrying(video, job: job, worthRetrying: true, "a new video was \"not modified\"")
        }
    }

    private func markDelivered(_ video: VideoRecord, fileID: String?) throws {
        try pool.transaction { db in
            guard try Videos.markDelivered(video.id, fileID: fileID, on: db) else { return }
            try PipelineJobs.enqueueStatus(orderID: video.orderID, throttle: statusThrottle, on: db)
            VideoMetrics.finished(.delivered)
        }
    }

    /// The job's remaining attempts, then a refund: the seller paid for a video they may not get. When it may have
    /// arrived all the same (this attempt's upload went unanswered, or an earlier attempt's worker died), the refund
    /// stands and is marked uncertain.
    private func giveUpUnlessRetrying(_ video: VideoRecord, job: Job, worthRetrying: Bool, _ reason: String,
                                      mayHaveArrived: Bool = false) throws -> JobOutcome {
        if worthRetrying, job.attempt < job.maxAttempts { return .retry(after: nil, error: reason) }
        let uncertain = mayHaveArrived || job.rescuedCount > 0
        try failures.fail(video, class: .temporary, reason: uncertain ? .deliveryUncertain : .serviceUnavailable,
                          in: pool)
        return .fail(reason)
    }
}

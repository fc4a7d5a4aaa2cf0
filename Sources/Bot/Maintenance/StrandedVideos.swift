import Domain
import JobQueue
import Logging
import Postgres

/// The deadline is otherwise checked only by the submit and poll steps, and a video whose job failed for good (a
/// worker died on its last attempt, a database error on its last attempt) has no step left to run at all: it would
/// never be refunded and its order would stay active, counting against the seller's cap. One recurring job, shared
/// by every process, finds such videos each `sweepInterval` and finishes them: a made video still within its
/// deadline is fetched or sent afresh (the seller paid for it; a refund is the last resort), anything else is
/// failed and refunded once through `VideoFailures`, which asks for the order's summary. Orders whose videos have
/// all ended but whose summary was lost get it asked for again, since the summary is what finishes them.
public struct StrandedVideos: Sendable {
    public static let kind = "app.stranded-videos"
    static let batchSize = 500

    let pool: PostgresPool
    let tuning: PipelineTuning
    let failures: VideoFailures
    let logger: Logger

    public init(pool: PostgresPool, tuning: PipelineTuning, logger: Logger) {
        self.pool = pool
        self.tuning = tuning
        failures = VideoFailures(statusThrottle: tuning.statusThrottle, logger: logger)
        self.logger = logger
    }

    /// Queues the recurring job unless it is queued already; every process calls this when it starts.
    public static func schedule(on db: PostgresConnection) throws {
        try JobQueue.enqueue(.json(kind: kind, payload: [String: String](), uniqueKey: kind), on: db)
    }

    public var handlers: [String: JobHandler] {
        [Self.kind: { [self] _ in run() }]
    }

    /// Never fails for good: a failed round is logged and the next one comes an interval later all the same.
    func run() -> JobOutcome {
        do {
            let stranded = try pool.withConnection { try Videos.stranded(limit: Self.batchSize, on: $0) }
            for videoID in stranded {
                try finish(videoID)
            }
            let overdue = try pool.withConnection { try OrderStatus.summariesOverdue(limit: Self.batchSize, on: $0) }
            for orderID in overdue {
                logger.warning("order summary lost; asked for again", metadata: ["order": "\(orderID)"])
                try pool.withConnection {
                    try PipelineJobs.enqueueStatus(orderID: orderID, throttle: tuning.statusThrottle, on: $0)
                }
            }
        } catch {
            logger.error("stranded-video sweep failed", metadata: ["error": "\(error)"])
        }
        return .snooze(tuning.sweepInterval)
    }

    /// Decided with the video locked and its stranding read again, so a step that moved it on meanwhile wins.
    private func finish(_ videoID: Int64) throws {
        try pool.transaction { db in
            guard let video = try Videos.load(videoID, lock: true, on: db),
                  let stranding = try Videos.stranding(of: videoID, on: db)
            else { return }
            var metadata: Logger.Metadata = ["video": "\(video.id)", "order": "\(video.orderID)",
                                             "state": "\(video.state.rawValue)"]
            switch stranding {
            case .noLiveJob where video.resultURL != nil && [.downloading, .delivering].contains(video.state):
                let (kind, step) = video.state == .downloading
                    ? (PipelineJobs.downloadVideo, "download:again") : (PipelineJobs.deliverVideo, "deliver:again")
                try PipelineJobs.enqueue(kind, videoID: video.id, step: step,
                                         priority: PipelineJobs.finishingPriority,
                                         maxAttempts: tuning.finishingAttempts, on: db)
                VideoMetrics.stranded("sent_again")
                logger.warning("stranded made video sent on afresh", metadata: metadata)
            case .noLiveJob:
                try failures.fail(video, class: .temporary, reason: .serviceUnavailable, on: db)
                VideoMetrics.stranded("refunded")
                logger.warning("stranded video refunded", metadata: metadata)
            case .pastDeadline:
                // A video refunded while its delivery was under way may have reached the chat all the same.
                let reason: FailureReason = video.state == .delivering ? .deliveryUncertain : .tookTooLong
                try failures.fail(video, class: .temporary, reason: reason, on: db)
                VideoMetrics.stranded("past_deadline")
                metadata["reason"] = "\(reason.rawValue)"
                logger.warning("video past its deadline refunded", metadata: metadata)
            }
        }
    }
}

import Domain
import Foundation
import KIE
import Logging
import Postgres

/// What KIE reported for a task, by callback or by the poller, whichever comes first, applied once.
struct ResolveTaskStep: Sendable {
    enum Resolution: Equatable {
        case advanced
        /// A duplicate, late or out-of-order report, or one for another task: nothing changed.
        case ignored
        case stillRunning
    }

    let pool: PostgresPool
    let maxAttempts: Int
    let finishingAttempts: Int
    let resultURLs: ResultURLPolicy
    let failures: VideoFailures
    let logger: Logger

    func run(_ record: KIETaskRecord, videoID: Int64) throws -> Resolution {
        try pool.transaction { db -> Resolution in
            guard let video = try Videos.load(videoID, lock: true, on: db), video.state == .generating,
                  video.taskID == record.taskID
            else { return .ignored }
            switch record.state {
            case .success:
                guard let url = record.resultURLs.first else {
                    return try retryOrFail(video, failureClass: .temporary, on: db)
                }
                do throws(ResultURLRefusal) {
                    _ = try resultURLs.check(url)
                } catch {
                    // KIE's signature does not cover the body: a URL off the policy is never stored or fetched.
                    try failures.refuseResult(video, error, on: db)
                    return .advanced
                }
                _ = try Videos.markDownloading(video.id, url: url, on: db)
                // KIE's links last about a day: the download's attempts ride out an outage of KIE's file host.
                try PipelineJobs.enqueue(PipelineJobs.downloadVideo, videoID: video.id, step: "download",
                                         priority: PipelineJobs.finishingPriority, maxAttempts: finishingAttempts,
                                         on: db)
                return .advanced
            case .fail:
                let failureClass = ErrorClassifier.classifyFailedTask(failCode: record.failCode, failMsg: record.failMessage)
                logger.info("KIE task failed", metadata: ["video": "\(video.id)", "class": "\(failureClass.rawValue)",
                                                         "code": "\(record.failCode ?? "")", "reason": "\(record.failMessage ?? "")"])
                return try retryOrFail(video, failureClass: failureClass, on: db)
            default:
                return .stillRunning
            }
        }
    }

    /// A failed generation: submitted again while attempts remain (a new task; the old one's reports no longer
    /// match), otherwise failed and refunded. The seller's own problems are never retried.
    private func retryOrFail(_ video: VideoRecord, failureClass: FailureClass, on db: PostgresConnection) throws -> Resolution {
        if failureClass == .temporary, video.attempts < maxAttempts {
            _ = try Videos.markResubmitting(video.id, on: db)
            try PipelineJobs.enqueue(PipelineJobs.submitVideo, videoID: video.id, step: "submit:\(video.attempts + 1)",
                                     runAt: Date().addingTimeInterval(Double(video.attempts) * 2), on: db)
            return .advanced
        }
        let reason: FailureReason = failureClass == .userError ? .contentPolicy : .serviceUnavailable
        try failures.fail(video, class: failureClass, reason: reason, on: db)
        if failureClass == .userError {
            let texts = video.language.texts
            try OutboxJobs.sendOnce(OutgoingMessage(texts.videoRefused(texts.failureReason(.contentPolicy))),
                                    chatID: video.chatID, key: "order:\(video.orderID):user-error", on: db)
        }
        return .advanced
    }
}

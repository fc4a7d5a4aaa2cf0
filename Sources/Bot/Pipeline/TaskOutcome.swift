import Domain
import Foundation
import JobQueue
import KIE
import Postgres

extension Pipeline {
    enum TaskResolution: Equatable {
        case advanced
        /// A duplicate, late or out-of-order report, or one for another task: nothing changed.
        case ignored
        case stillRunning
    }

    /// What KIE reported for a task — by callback or by the poller, whichever comes first — applied once.
    func resolve(_ record: KIETaskRecord, videoID: Int64) throws -> TaskResolution {
        try pool.transaction { db -> TaskResolution in
            guard let video = try Videos.load(videoID, lock: true, on: db), video.state == .generating,
                  video.taskID == record.taskID
            else { return .ignored }
            switch record.state {
            case .success:
                guard let url = record.resultURLs.first else {
                    return try retryOrFail(video, failureClass: .temporary, on: db)
                }
                try Videos.transition(video.id, from: [.generating], to: .downloading, set: "result_url = $4", [url], on: db)
                // KIE's links last about a day and a made video is paid for: ten attempts (minutes of backoff)
                // ride out an outage of KIE's file host before a refund.
                try PipelineJobs.enqueue(PipelineJobs.downloadVideo, videoID: video.id, step: "download",
                                         priority: PipelineJobs.finishingPriority, maxAttempts: 10, on: db)
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
    private func retryOrFail(_ video: VideoRecord, failureClass: FailureClass, on db: PostgresConnection) throws -> TaskResolution {
        if failureClass == .temporary, video.attempts < settings.maxAttempts {
            try Videos.transition(video.id, from: [.generating], to: .submitting, set: "kie_task_id = NULL", on: db)
            try PipelineJobs.enqueue(PipelineJobs.submitVideo, videoID: video.id, step: "submit:\(video.attempts + 1)",
                                     runAt: Date().addingTimeInterval(Double(video.attempts) * 2), on: db)
            return .advanced
        }
        let reason: FailureReason = failureClass == .userError ? .contentPolicy : .serviceUnavailable
        try Videos.fail(video, class: failureClass, reason: reason, settings: settings, on: db)
        if failureClass == .userError {
            let texts = video.language.texts
            try OutboxJobs.sendOnce(OutgoingMessage(texts.videoRefused(texts.failureReason(.contentPolicy))), chatID: video.chatID,
                                    key: "order:\(video.orderID):user-error", on: db)
        }
        return .advanced
    }

    /// The fallback poller: asks KIE about a task whose callback is overdue, within 10 queries/s per key.
    func poll(_ videoID: Int64) throws -> JobOutcome {
        guard let video = try pool.withConnection({ try Videos.load(videoID, on: $0) }), video.state == .generating,
              let taskID = video.taskID
        else { return .done }
        if try failIfPastDeadline(video) { return .done }
        guard let key = keys.key(id: video.keyID) else { return .snooze(settings.pollInterval) }
        if let wait = queryLimiter.acquire(key: key.id) { return .snooze(wait) }
        do {
            let record = try kie.recordInfo(taskID: taskID, apiKey: key.secret)
            if try resolve(record, videoID: videoID) == .stillRunning { return .snooze(settings.pollInterval) }
            return .done
        } catch let error as KIEError {
            logger.warning("KIE status query failed", metadata: ["video": "\(videoID)", "error": "\(error)"])
            return .snooze(ErrorClassifier.classify(error) == .rateLimit ? .seconds(2) : settings.pollInterval)
        }
    }
}

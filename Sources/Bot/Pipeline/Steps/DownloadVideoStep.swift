import HTTPClient
import JobQueue
import Logging
import Postgres

/// Downloading: KIE's links are temporary, so the result is fetched at once, capped, into MEDIA_DIR.
struct DownloadVideoStep: Sendable {
    let pool: PostgresPool
    let files: VideoFiles
    let finishingAttempts: Int
    let failures: VideoFailures
    let logger: Logger

    func run(_ videoID: Int64, job: Job) throws -> JobOutcome {
        guard let video = try pool.withConnection({ try Videos.load(videoID, on: $0) }), video.state == .downloading
        else { return .done }
        let path: String
        do {
            path = try files.local(video)
        } catch let error as HTTPClientError {
            logger.warning("result download failed", metadata: ["video": "\(video.id)", "error": "\(error)"])
            guard files.isWorthRetrying(error), job.attempt < job.maxAttempts else {
                try failures.fail(video, class: .temporary, reason: .serviceUnavailable, in: pool)
                return .done
            }
            return .retry(after: nil, error: "\(error)")
        } catch let refusal as ResultURLRefusal {
            try failures.refuseResult(video, refusal, in: pool)
            return .fail("\(refusal)")
        }
        try pool.transaction { db in
            guard try Videos.markDelivering(video.id, filePath: path, on: db) else { return }
            try PipelineJobs.enqueue(PipelineJobs.deliverVideo, videoID: video.id, step: "deliver",
                                     priority: PipelineJobs.finishingPriority, maxAttempts: finishingAttempts, on: db)
        }
        return .done
    }
}

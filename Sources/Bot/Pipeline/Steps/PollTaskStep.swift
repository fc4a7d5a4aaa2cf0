import JobQueue
import KIE
import Logging
import Postgres

/// The fallback poller: asks KIE about a task whose callback is overdue, within 10 queries/s per key, and applies
/// the answer as a callback would.
struct PollTaskStep: Sendable {
    let pool: PostgresPool
    let kie: KIEClient
    let keys: KIEKeys
    let queryLimiter: PerKeyRateLimiter
    let pollInterval: Duration
    let resolve: ResolveTaskStep
    let failures: VideoFailures
    let logger: Logger

    func run(_ videoID: Int64) throws -> JobOutcome {
        guard let video = try pool.withConnection({ try Videos.load(videoID, on: $0) }), video.state == .generating,
              let taskID = video.taskID
        else { return .done }
        if try failures.failIfPastDeadline(video, in: pool) { return .done }
        guard let key = keys.key(id: video.keyID) else { return .snooze(pollInterval) }
        if let wait = queryLimiter.acquire(key: key.id) { return .snooze(wait) }
        do {
            let record = try kie.recordInfo(taskID: taskID, apiKey: key.secret)
            if try resolve.run(record, videoID: videoID) == .stillRunning { return .snooze(pollInterval) }
            return .done
        } catch let error as KIEError {
            logger.warning("KIE status query failed", metadata: ["video": "\(videoID)", "error": "\(error)"])
            return .snooze(ErrorClassifier.classify(error) == .rateLimit ? .seconds(2) : pollInterval)
        }
    }
}

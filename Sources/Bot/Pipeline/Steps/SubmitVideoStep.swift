import Domain
import Foundation
import JobQueue
import KIE
import Logging
import Postgres
import Timekeeping

/// Submitting: a KIE task for the video, with a callback URL only KIE knows, under its account's task rate and the
/// key rotation (`KIEKeys`); each error class gets its policy.
struct SubmitVideoStep: Sendable {
    let pool: PostgresPool
    let kie: KIEClient
    let keys: KIEKeys
    let links: MediaLinks
    let models: [String]
    let tuning: PipelineTuning
    let alerts: Alerts
    let failures: VideoFailures
    let logger: Logger

    func run(_ videoID: Int64) throws -> JobOutcome {
        guard let video = try pool.withConnection({ try Videos.load(videoID, on: $0) }), video.state == .submitting,
              let prompt = video.prompt, let photo = video.photoPath
        else { return .done }
        if try failures.failIfPastDeadline(video, in: pool) { return .done }
        let key: KIEKeys.Key
        switch try pool.withConnection({
            try keys.acquire(videoID: video.id, perTenSeconds: tuning.createTasksPer10Seconds, on: $0)
        }) {
        case .key(let chosen):
            key = chosen
        case .wait(let duration, let allOutOfCredit):
            if allOutOfCredit { try tellDelayed(video) }
            return .snooze(duration)
        }
        guard let model = KIECatalogue.model(slug: video.model) else {
            return try switchModelOrFail(video)
        }
        // Booked before the call: a task KIE may have made counts even when its answer is lost.
        guard let attempts = try pool.withConnection({
            try Videos.bookTaskCreation(video.id, maxAttempts: tuning.maxAttempts, on: $0)
        }) else {
            try failures.fail(video, class: .temporary, reason: .serviceUnavailable, in: pool)
            return .done
        }
        do {
            let taskID = try kie.createTask(
                model: model, prompt: prompt,
                imageURL: links.mediaURL(name: photo, expiresAt: Date().addingTimeInterval(2 * 3600)),
                format: video.format.rawValue, callbackURL: links.callbackURL(videoID: video.id), apiKey: key.secret)
            try pool.transaction { db in
                guard try Videos.markSubmitted(video.id, taskID: taskID, keyID: key.id, on: db) else { return }
                try PipelineJobs.enqueue(PipelineJobs.pollVideo, videoID: video.id, step: "poll:\(taskID)",
                                         runAt: Date().addingTimeInterval(tuning.callbackGrace.seconds), on: db)
                try PipelineJobs.enqueueStatus(orderID: video.orderID, throttle: tuning.statusThrottle, on: db)
            }
            return .done
        } catch let error as KIEError {
            return try handle(error, video: video, key: key, attempts: attempts)
        }
    }

    private func handle(_ error: KIEError, video: VideoRecord, key: KIEKeys.Key, attempts: Int) throws -> JobOutcome {
        let failureClass = ErrorClassifier.classify(error)
        VideoMetrics.taskRefused(failureClass)
        logger.warning("KIE refused a task", metadata: ["video": "\(video.id)", "class": "\(failureClass.rawValue)",
                                                       "error": "\(error)", "key": "\(key.id)",
                                                       "account": "\(key.account)"])
        if [.rateLimit, .billing, .config].contains(failureClass) {
            try pool.withConnection { try Videos.returnTaskCreation(video.id, on: $0) }
        }
        switch failureClass {
        case .rateLimit:
            // KIE's budget is the account's: its other keys would only be refused too.
            try pool.transaction { db in
                try KIEKeyStates.coolDown(id: key.id, for: tuning.keyCooldown, on: db)
                try KIECreateSchedule.holdBack(account: key.account, for: tuning.keyCooldown, on: db)
            }
            return .snooze(.milliseconds(200))
        case .billing:
            // Credit is the account's too: none of its keys can create a task until it is topped up.
            let accountKeys = keys.keys.filter { $0.account == key.account }
            let firstAlert = try pool.withConnection {
                try KIEKeyStates.disableForBilling(ids: accountKeys.map(\.id), for: tuning.billingPause, on: $0)
            }
            if firstAlert {
                let names = accountKeys.map(keys.label).joined(separator: ", ")
                try alerts.support("KIE account \(key.account) is out of credit (\(error)); out of rotation: \(names).",
                                   key: "billing:\(key.account):\(Int(Date().timeIntervalSince1970))")
            }
            return .snooze(.milliseconds(200))
        case .config:
            try alerts.operators("KIE configuration error for model \(video.model): \(error)", key: "config:\(video.model)")
            return try switchModelOrFail(video)
        case .userError:
            try failures.fail(video, class: .userError, reason: .contentPolicy, in: pool)
            return .done
        case .temporary:
            guard attempts < tuning.maxAttempts else {
                try failures.fail(video, class: .temporary, reason: .serviceUnavailable, in: pool)
                return .done
            }
            return .retry(after: nil, error: "\(error)")
        }
    }

    /// A configuration error: the next fallback model, or a refund when none is left.
    private func switchModelOrFail(_ video: VideoRecord) throws -> JobOutcome {
        guard let next = models.drop(while: { $0 != video.model }).dropFirst().first else {
            try failures.fail(video, class: .config, reason: .serviceUnavailable, in: pool)
            return .done
        }
        try pool.withConnection { try Videos.switchModel(video.id, to: next, on: $0) }
        return .snooze(.milliseconds(50))
    }

    /// Every key is out of credit: the seller hears once per order that the videos are delayed, not failed.
    private func tellDelayed(_ video: VideoRecord) throws {
        try pool.transaction { db in
            try OutboxJobs.sendOnce(OutgoingMessage(video.language.texts.videosDelayed), chatID: video.chatID,
                                    key: "order:\(video.orderID):delayed", on: db)
        }
    }
}

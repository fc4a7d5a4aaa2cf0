import Domain
import Foundation
import JobQueue
import KIE
import Postgres

extension Pipeline {
    /// Submitting: a KIE task for the video, with a callback URL only KIE knows, under the account's task rate and
    /// the key rotation; each error class gets its policy.
    func submit(_ videoID: Int64, job: Job) throws -> JobOutcome {
        guard let video = try pool.withConnection({ try Videos.load(videoID, on: $0) }), video.state == .submitting,
              let prompt = video.prompt, let photo = video.photoPath
        else { return .done }
        if try failIfPastDeadline(video) { return .done }
        if let wait = try pool.withConnection({
            try KIECreateSchedule.turn(videoID: video.id, perTenSeconds: settings.createTasksPer10Seconds, on: $0)
        }) {
            return .snooze(wait)
        }
        let key: KIEKeys.Key
        switch try pool.withConnection({ try keys.acquire(on: $0) }) {
        case .key(let chosen):
            key = chosen
        case .wait(let duration, let allOutOfCredit):
            if allOutOfCredit { try tellDelayed(video) }
            return .snooze(duration)
        }
        guard let model = KIECatalogue.model(slug: video.model) else {
            return try switchModelOrFail(video, error: "model \(video.model) is not in the catalogue")
        }
        do {
            let taskID = try kie.createTask(
                model: model, prompt: prompt,
                imageURL: links.mediaURL(name: photo, expiresAt: Date().addingTimeInterval(2 * 3600)),
                format: video.format.rawValue, callbackURL: links.callbackURL(videoID: video.id), apiKey: key.secret)
            try pool.transaction { db in
                guard try Videos.transition(video.id, from: [.submitting], to: .generating, set: """
                    kie_task_id = $4, kie_key_id = $5, submitted_at = now(), attempts = attempts + 1
                    """, [taskID, key.id], on: db) else { return }
                try PipelineJobs.enqueue(PipelineJobs.pollVideo, videoID: video.id, step: "poll:\(taskID)",
                                         runAt: Date().addingTimeInterval(settings.callbackGrace.seconds), on: db)
                try PipelineJobs.enqueueStatus(orderID: video.orderID, throttle: settings.statusThrottle, on: db)
            }
            return .done
        } catch let error as KIEError {
            return try handleSubmitError(error, video: video, key: key, job: job)
        }
    }

    private func handleSubmitError(_ error: KIEError, video: VideoRecord, key: KIEKeys.Key, job: Job) throws -> JobOutcome {
        let failureClass = ErrorClassifier.classify(error)
        VideoMetrics.taskRefused(failureClass)
        logger.warning("KIE refused a task", metadata: ["video": "\(video.id)", "class": "\(failureClass.rawValue)",
                                                       "error": "\(error)", "key": "\(key.id)"])
        switch failureClass {
        case .rateLimit:
            try pool.withConnection { try keys.coolDown(key, for: settings.keyCooldown, on: $0) }
            return .snooze(.milliseconds(200))
        case .billing:
            let firstAlert = try pool.withConnection { try keys.disableForBilling(key, for: settings.billingPause, on: $0) }
            if firstAlert {
                try alertSupport("KIE key \(key.id) is out of credit (\(error)); it is out of rotation.",
                                 uniqueKey: "billing:\(key.id):\(Int(Date().timeIntervalSince1970))")
            }
            return .snooze(.milliseconds(200))
        case .config:
            try alertOperators("KIE configuration error for model \(video.model): \(error)", key: "config:\(video.model)")
            return try switchModelOrFail(video, error: "\(error)")
        case .userError:
            try pool.transaction { db in
                _ = try Videos.fail(video, class: .userError, reason: .contentPolicy, settings: settings, on: db)
            }
            return .done
        case .temporary:
            guard job.attempt < settings.maxAttempts else {
                try pool.transaction { db in
                    _ = try Videos.fail(video, class: .temporary, reason: .serviceUnavailable, settings: settings, on: db)
                }
                return .done
            }
            return .retry(after: nil, error: "\(error)")
        }
    }

    /// A configuration error: the next fallback model, or a refund when none is left.
    private func switchModelOrFail(_ video: VideoRecord, error: String) throws -> JobOutcome {
        let next = settings.models.drop { $0 != video.model }.dropFirst().first
        try pool.transaction { db in
            if let next {
                try db.execute("UPDATE videos SET model = $2 WHERE id = $1 AND state = 'submitting'", [video.id, next])
            } else {
                _ = try Videos.fail(video, class: .config, reason: .serviceUnavailable, settings: settings, on: db)
            }
        }
        return next == nil ? .done : .snooze(.milliseconds(50))
    }

    /// Every key is out of credit: the seller hears once per order that the videos are delayed, not failed.
    private func tellDelayed(_ video: VideoRecord) throws {
        try pool.transaction { db in
            try OutboxJobs.sendOnce(OutgoingMessage(video.language.texts.videosDelayed), chatID: video.chatID,
                                    key: "order:\(video.orderID):delayed", on: db)
        }
    }

    func alertSupport(_ text: String, uniqueKey: String) throws {
        guard let chat = settings.supportChatID else {
            logger.error("billing alert with no SUPPORT_CHAT_ID configured", metadata: ["alert": "\(text)"])
            return
        }
        try pool.transaction { db in
            try OutboxJobs.sendOnce(OutgoingMessage("⚠️ " + text), chatID: chat, key: uniqueKey, on: db)
        }
    }

    /// One message per operator per problem per hour.
    func alertOperators(_ text: String, key: String) throws {
        logger.error("operator alert", metadata: ["alert": "\(text)"])
        let hour = Int(Date().timeIntervalSince1970 / 3600)
        try pool.transaction { db in
            for admin in settings.adminIDs {
                try OutboxJobs.sendOnce(OutgoingMessage("⚠️ " + text), chatID: admin, key: "alert:\(key):\(admin):\(hour)",
                                        on: db)
            }
        }
    }
}

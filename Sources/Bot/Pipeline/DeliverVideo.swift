import Domain
import Foundation
import HTTPClient
import JobQueue
import Postgres
import Telegram

extension Pipeline {
    /// Downloading: KIE's links are temporary, so the result is fetched at once, capped, into MEDIA_DIR.
    func download(_ videoID: Int64, job: Job) throws -> JobOutcome {
        guard let video = try pool.withConnection({ try Videos.load(videoID, on: $0) }), video.state == .downloading
        else { return .done }
        let path: String
        do {
            path = try localResult(video)
        } catch let error as HTTPClientError {
            logger.warning("result download failed", metadata: ["video": "\(video.id)", "error": "\(error)"])
            return try retryOrRefund(video, after: error, job: job)
        }
        try pool.transaction { db in
            guard try Videos.transition(video.id, from: [.downloading], to: .delivering, set: "file_path = $4", [path],
                                        on: db) else { return }
            // A made video is worth waiting for: ten attempts ride out minutes of Telegram trouble before a refund.
            try PipelineJobs.enqueue(PipelineJobs.deliverVideo, videoID: video.id, step: "deliver",
                                     priority: PipelineJobs.finishingPriority, maxAttempts: 10, on: db)
        }
        return .done
    }

    /// KIE's result on this host's disk. Hosts share nothing but PostgreSQL, so a video downloaded on one host may
    /// be delivered from another: there it is fetched again (KIE keeps results for about a day).
    private func localResult(_ video: VideoRecord) throws -> String {
        let directory = settings.mediaDirectory + "/videos"
        let path = directory + "/\(video.id).mp4"
        if FileManager.default.fileExists(atPath: path) { return path }
        guard let url = video.resultURL else { throw HTTPClientError.invalidURL("no result URL") }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try http.download(HTTPClientRequest(url: url, timeout: .seconds(120)), to: path,
                              maxBytes: settings.maxResultBytes)
        return path
    }

    /// An oversized result will not shrink on a retry; anything else gets the job's remaining attempts.
    private func retryOrRefund(_ video: VideoRecord, after error: HTTPClientError, job: Job) throws -> JobOutcome {
        if error != .tooLarge(limit: settings.maxResultBytes), job.attempt < job.maxAttempts {
            return .retry(after: nil, error: "\(error)")
        }
        try pool.transaction { db in
            _ = try Videos.fail(video, class: .temporary, reason: .serviceUnavailable, settings: settings, on: db)
        }
        return .done
    }

    /// Delivering: the video uploaded as a video (not a document) with its buttons; its file_id kept for re-sends.
    func deliver(_ videoID: Int64, job: Job) throws -> JobOutcome {
        guard let video = try pool.withConnection({ try Videos.load(videoID, on: $0) }), video.state == .delivering
        else { return .done }
        let path: String
        do {
            path = try localResult(video)
        } catch let error as HTTPClientError {
            logger.warning("result fetched again for delivery failed", metadata: ["video": "\(video.id)", "error": "\(error)"])
            return try retryOrRefund(video, after: error, job: job)
        }
        if let wait = sendLimiter.acquire(chatID: video.chatID, for: .video(ticket: job.id)) { return .snooze(wait) }
        let texts = video.language.texts
        let keyboard = InlineKeyboardMarkup([
            [.callback(texts.moreButton, data: CallbackAction.moreWithProduct(orderID: video.orderID).data)],
            [.callback(texts.menuButton, data: CallbackAction.menu(.home).data)],
        ])
        let message: Message
        do {
            message = try telegram.sendVideo(SendVideo(
                chatID: video.chatID, videoPath: path,
                caption: texts.videoCaption(video.orderID, video.position, video.videoCount), replyMarkup: keyboard))
        } catch let error as TelegramError {
            switch error {
            case .api(429, _, let retryAfter, _):
                return .snooze(.seconds(max(1, retryAfter ?? 1)))
            case .api(403, _, _, _):
                // The seller blocked the bot: the video stays stored, the order completes, nothing is refunded.
                try pool.transaction { db in
                    try Users.markBlocked(chatID: video.chatID, on: db)
                    try markDelivered(video, fileID: nil, on: db)
                }
                return .done
            default:
                guard job.attempt >= job.maxAttempts else { return .retry(after: nil, error: "\(error)") }
                try pool.transaction { db in
                    _ = try Videos.fail(video, class: .temporary, reason: .serviceUnavailable, settings: settings, on: db)
                }
                return .fail("\(error)")
            }
        }
        try pool.transaction { db in try markDelivered(video, fileID: message.video?.fileID, on: db) }
        return .done
    }

    private func markDelivered(_ video: VideoRecord, fileID: String?, on db: PostgresConnection) throws {
        guard try Videos.transition(video.id, from: [.delivering], to: .delivered,
                                    set: "telegram_file_id = $4, delivered_at = now()", [fileID], on: db)
        else { return }
        try PipelineJobs.enqueueStatus(orderID: video.orderID, throttle: settings.statusThrottle, on: db)
        VideoMetrics.finished(.delivered)
    }

    /// The order's one status message, edited in place (throttled by the job's schedule); the last edit is the
    /// summary, and the order is finished then.
    func updateStatus(_ request: PipelineJobs.StatusPayload) throws -> JobOutcome {
        let orderID = request.orderID
        guard let order = try pool.query("""
            SELECT chat_id, language, status_message_id, status_version, status_rendered_version FROM orders WHERE id = $1
            """, [orderID]).first,
              try order.decode("status_rendered_version", as: Int.self) < request.version
        else { return .done }
        let showing: Int = try order.decode("status_version")
        let chatID: Int64 = try order.decode("chat_id")
        let texts = (Language(rawValue: try order.decode("language")) ?? .ru).texts
        let progress = try pool.withConnection { try Videos.progress(orderID: orderID, on: $0) }
        // A video on its way to the chat is fresher news and needs the chat's sending budget (about one message a
        // second); its delivery asks for another refresh, so this one can step aside.
        if progress.count(.delivering) > 0 { return .done }
        let message = progress.message(texts)
        let markup = OutboxJobs.keyboard(message)
        if let wait = sendLimiter.acquire(chatID: chatID, for: .statusRefresh) { return .snooze(wait) }
        do {
            if let messageID = try order.decode("status_message_id", as: Int64?.self) {
                _ = try telegram.call(EditMessageText(chatID: chatID, messageID: messageID, text: message.text,
                                                      replyMarkup: markup))
            } else {
                let sent = try telegram.call(SendMessage(chatID: chatID, text: message.text, replyMarkup: markup))
                try pool.execute("UPDATE orders SET status_message_id = $2 WHERE id = $1", [orderID, sent.messageID])
            }
        } catch let error as TelegramError {
            switch error {
            case .api(429, _, let retryAfter, _): return .snooze(.seconds(max(1, retryAfter ?? 1)))
            case .api(400, let description, _, _) where description.contains("not modified"): break
            case .api(403, _, _, _): break
            default: return .retry(after: nil, error: "\(error)")
            }
        }
        try pool.execute("""
            UPDATE orders SET status_sent_at = now(),
                status_rendered_version = greatest(status_rendered_version, $3),
                status = CASE WHEN $2 AND status = 'active' THEN 'finished' ELSE status END,
                finished_at = CASE WHEN $2 THEN coalesce(finished_at, now()) ELSE finished_at END
            WHERE id = $1
            """, [orderID, progress.isFinished, showing])
        return .done
    }
}

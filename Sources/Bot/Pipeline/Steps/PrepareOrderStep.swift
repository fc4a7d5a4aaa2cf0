import Domain
import Foundation
import JobQueue
import LLM
import Logging
import Postgres

/// Prompting, once per order: fetch and fit the photo, have the LLM write one distinct scene per video (or fall back
/// to the built-in templates), then hand every video to submission.
struct PrepareOrderStep: Sendable {
    let pool: PostgresPool
    let photos: ProductPhotos
    let links: MediaLinks
    let llm: LLMClient
    let alerts: Alerts
    let failures: VideoFailures
    let logger: Logger

    func run(_ orderID: Int64, job: Job) throws -> JobOutcome {
        do {
            return try prepare(orderID)
        } catch let refusal as PhotoRefusal {
            // A refusal is permanent (the same bytes are refused every time): the order ends now, without retrying.
            logger.warning("product photo refused", metadata: ["order": "\(orderID)", "reason": "\(refusal)"])
            try failWaitingVideos(orderID: orderID, class: .userError, reason: .contentPolicy)
            return .fail("\(refusal)")
        } catch where job.attempt >= job.maxAttempts {
            // Out of attempts (the photo could not be fetched, say): every waiting video is refunded.
            try failWaitingVideos(orderID: orderID, class: .temporary, reason: .serviceUnavailable)
            return .fail("\(error)")
        }
    }

    private func failWaitingVideos(orderID: Int64, class failureClass: FailureClass, reason: FailureReason) throws {
        try pool.transaction { db in
            for waiting in try Videos.awaitingPrompts(orderID: orderID, on: db) {
                if let video = try Videos.load(waiting.id, on: db) {
                    try failures.fail(video, class: failureClass, reason: reason, on: db)
                }
            }
        }
    }

    private func prepare(_ orderID: Int64) throws -> JobOutcome {
        guard let order = try pool.withConnection({ try Orders.brief(orderID: orderID, on: $0) }) else { return .done }
        let original = try photos.original(fileID: order.photo.fileID, uniqueID: order.photo.fileUniqueID)
        let mediaName = try photos.prepared(original: original, orderID: orderID, format: order.format)
        let prompts = writePrompts(order, mediaName: mediaName)
        try pool.transaction { db in
            try Orders.setPreparedPhoto(orderID: orderID, mediaName: mediaName, on: db)
            for video in try Videos.awaitingPrompts(orderID: orderID, on: db) {
                let prompt = prompts[(video.position - 1) % prompts.count]
                guard try Videos.markPrepared(video.id, prompt: prompt, on: db) else { continue }
                try PipelineJobs.enqueue(PipelineJobs.submitVideo, videoID: video.id, step: "submit", on: db)
            }
            try PipelineJobs.enqueueStatus(orderID: orderID, throttle: .zero, on: db)
        }
        return .done
    }

    /// The LLM's prompts, or the templates when it is unavailable: a video never fails for want of a prompt.
    private func writePrompts(_ order: OrderBrief, mediaName: String) -> [String] {
        let imageURL = links.mediaURL(name: mediaName, expiresAt: Date().addingTimeInterval(600))
        do {
            let prompts = try llm.writePrompts(description: order.description, imageURL: imageURL,
                                               count: order.videoCount, format: order.format.rawValue)
            if prompts.count == order.videoCount { return prompts }
        } catch let error as LLMError {
            let failureClass = ErrorClassifier.classify(error)
            logger.warning("LLM unavailable for prompts; using templates",
                           metadata: ["class": "\(failureClass.rawValue)", "error": "\(error)"])
            if failureClass == .billing {
                try? alerts.support("The OpenAI account is out of quota (\(error)); prompts come from templates.",
                                    key: "openai-billing:\(Alerts.hour())")
            }
        } catch {
            logger.warning("LLM unavailable for prompts; using templates", metadata: ["error": "\(error)"])
        }
        return PromptTemplates.prompts(description: order.description, count: order.videoCount,
                                       format: order.format.rawValue)
    }
}

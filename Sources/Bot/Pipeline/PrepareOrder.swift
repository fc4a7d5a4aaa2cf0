import Domain
import Foundation
import JobQueue
import LLM
import Postgres

extension Pipeline {
    /// Prompting, once per order: fetch and fit the photo, have the LLM write one distinct scene per video (or fall
    /// back to the built-in templates), then hand every video to submission.
    func prepare(_ orderID: Int64, job: Job) throws -> JobOutcome {
        do {
            return try prepareOnce(orderID)
        } catch where job.attempt >= job.maxAttempts {
            // Out of attempts (the photo could not be fetched, say): every waiting video is refunded.
            try pool.transaction { db in
                for row in try db.query("SELECT id FROM videos WHERE order_id = $1 AND state = 'queued'", [orderID]) {
                    if let video = try Videos.load(try row.decode("id"), on: db) {
                        try Videos.fail(video, class: .temporary, reason: .serviceUnavailable, settings: settings, on: db)
                    }
                }
            }
            return .fail("\(error)")
        }
    }

    private func prepareOnce(_ orderID: Int64) throws -> JobOutcome {
        guard let order = try pool.query("""
            SELECT photo_file_id, photo_unique_id, description, format, video_count, status
            FROM orders WHERE id = $1
            """, [orderID]).first else { return .done }
        let format = VideoFormat(rawValue: try order.decode("format")) ?? .portrait
        let count: Int = try order.decode("video_count")
        let description: String? = try order.decode("description")
        let original = try photos.original(fileID: try order.decode("photo_file_id"),
                                           uniqueID: try order.decode("photo_unique_id"))
        let mediaName = try photos.prepared(original: original, orderID: orderID, format: format)
        let prompts = writePrompts(description: description, mediaName: mediaName, count: count, format: format)
        try pool.transaction { db in
            try db.execute("UPDATE orders SET photo_path = $2 WHERE id = $1", [orderID, mediaName])
            let videos = try db.query("""
                SELECT id, position FROM videos WHERE order_id = $1 AND state = 'queued' ORDER BY position
                """, [orderID])
            for row in videos {
                let videoID: Int64 = try row.decode("id")
                let position: Int = try row.decode("position")
                let prompt = prompts[(position - 1) % prompts.count]
                guard try Videos.transition(videoID, from: [.queued], to: .submitting, set: "prompt = $4",
                                            [prompt], on: db) else { continue }
                try PipelineJobs.enqueue(PipelineJobs.submitVideo, videoID: videoID, step: "submit", on: db)
            }
            try PipelineJobs.enqueueStatus(orderID: orderID, throttle: .zero, on: db)
        }
        return .done
    }

    /// The LLM's prompts, or the templates when it is unavailable: a video never fails for want of a prompt.
    private func writePrompts(description: String?, mediaName: String, count: Int, format: VideoFormat) -> [String] {
        let imageURL = links.mediaURL(name: mediaName, expiresAt: Date().addingTimeInterval(600))
        do {
            let prompts = try llm.writePrompts(description: description, imageURL: imageURL, count: count,
                                               format: format.rawValue)
            if prompts.count == count { return prompts }
        } catch let error as LLMError {
            let failureClass = ErrorClassifier.classify(error)
            logger.warning("LLM unavailable for prompts; using templates",
                           metadata: ["class": "\(failureClass.rawValue)", "error": "\(error)"])
            if failureClass == .billing {
                let hour = Int(Date().timeIntervalSince1970 / 3600)
                try? alertSupport("The OpenAI account is out of quota (\(error)); prompts come from templates.",
                                  uniqueKey: "openai-billing:\(hour)")
            }
        } catch {
            logger.warning("LLM unavailable for prompts; using templates", metadata: ["error": "\(error)"])
        }
        return PromptTemplates.prompts(description: description, count: count, format: format.rawValue)
    }
}

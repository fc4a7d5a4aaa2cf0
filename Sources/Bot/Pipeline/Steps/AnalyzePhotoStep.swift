import Domain
import Foundation
import JobQueue
import LLM
import Logging
import Postgres

/// Before anything is charged: the LLM describes the photo and flags an unusable one. Whatever happens to the LLM,
/// the seller gets a way forward (an unavailable LLM means they type the description).
struct AnalyzePhotoStep: Sendable {
    let pool: PostgresPool
    let photos: ProductPhotos
    let llm: LLMClient
    let dialogue: DialogueSettings
    let signingSecret: String
    let logger: Logger

    func run(_ payload: PipelineJobs.PhotoPayload, job: Job) throws -> JobOutcome {
        guard try isAwaited(payload) else {
            logger.debug("photo analysis dropped: the draft moved on", metadata: ["chat": "\(payload.chatID)"])
            return .done
        }
        let verdict: PhotoVerdict
        do {
            let path = try photos.original(fileID: payload.fileID, uniqueID: payload.fileUniqueID)
            _ = try photos.inspect(original: path)
            let language = try pool.withConnection { try Users.language(userID: payload.userID, on: $0) }
            verdict = try askLLM(photoAt: path, language: language)
        } catch let refusal as PhotoRefusal {
            // Not an image, or a decompression bomb: not usable, told from its header alone, never decoded.
            logger.info("photo refused", metadata: ["chat": "\(payload.chatID)", "reason": "\(refusal)"])
            verdict = .noProduct
        } catch where job.attempt < job.maxAttempts && !(error is LLMError) {
            return .retry(after: nil, error: "\(error)")
        } catch {
            logger.warning("photo analysis unavailable", metadata: ["chat": "\(payload.chatID)", "error": "\(error)"])
            verdict = .unavailable
        }
        if verdict == .noProduct || verdict == .humanFace {
            // A refused photo is never ordered from, and may show a person: it is not kept.
            photos.discard(uniqueID: payload.fileUniqueID)
        }
        try pool.transaction { db in
            try DialogueRunner(settings: dialogue, signingSecret: signingSecret, db: db,
                               replyKey: "photo:\(payload.chatID):\(payload.version)")
                .run(.photoAnalysis(verdict, version: payload.version), userID: payload.userID, chatID: payload.chatID)
        }
        return .done
    }

    /// A seller who sent another photo, or left the draft, no longer waits for this one: it costs no download and no
    /// vision call.
    private func isAwaited(_ payload: PipelineJobs.PhotoPayload) throws -> Bool {
        let conversation = try pool.withConnection { try Conversations.load(chatID: payload.chatID, on: $0) }
        return conversation.step == .analyzingPhoto && conversation.version == payload.version
    }

    private func askLLM(photoAt path: String, language: Language) throws -> PhotoVerdict {
        guard let bytes = FileManager.default.contents(atPath: path) else { return .unavailable }
        let dataURL = "data:image/jpeg;base64," + Data(bytes).base64EncodedString()
        let analysis = try llm.analyzePhoto(imageURL: dataURL, hint: nil, language: language.rawValue)
        switch analysis.verdict {
        case .usable: return .usable(description: analysis.description)
        case .humanFace: return .humanFace
        case .noProduct, .unclear: return .noProduct
        }
    }
}

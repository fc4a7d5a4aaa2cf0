import Domain
import Foundation
import HTTPClient
import JobQueue
import KIE
import LLM
import Logging
import Postgres
import Telegram

/// From a paid order to videos in the chat (brief §4): prompts, KIE tasks, callbacks and the poller, download,
/// delivery, refunds. Each step is a job; this type holds what the steps share and maps job kinds to steps.
public final class Pipeline: Sendable {
    let settings: PipelineSettings
    let pool: PostgresPool
    let telegram: TelegramClient
    let kie: KIEClient
    let llm: LLMClient
    let http: HTTPClient
    let links: MediaLinks
    let keys: KIEKeys
    let photos: ProductPhotos
    let dialogue: DialogueSettings
    /// Shared with the outbox, so videos, status edits and messages together stay under Telegram's limits.
    let sendLimiter: SendRateLimiter
    let queryLimiter = PerKeyRateLimiter(perSecond: 10)
    let logger: Logger

    public init(settings: PipelineSettings, dialogue: DialogueSettings, pool: PostgresPool, telegram: TelegramClient,
                sendLimiter: SendRateLimiter, kie: KIEClient, llm: LLMClient, http: HTTPClient, logger: Logger) {
        self.sendLimiter = sendLimiter
        self.settings = settings
        self.dialogue = dialogue
        self.pool = pool
        self.telegram = telegram
        self.kie = kie
        self.llm = llm
        self.http = http
        self.logger = logger
        links = MediaLinks(secret: settings.signingSecret, publicBaseURL: settings.publicBaseURL)
        keys = KIEKeys(settings.kieKeys)
        photos = ProductPhotos(directory: settings.mediaDirectory, telegram: telegram)
    }

    /// Records the configured KIE keys (by id) so every process shares their cool-downs.
    public func registerKeys() throws {
        try pool.withConnection { try keys.register(on: $0) }
    }

    public var handlers: [String: JobHandler] {
        [
            PipelineJobs.analyzePhoto: { [self] job in try analyzePhoto(job.decode(PipelineJobs.PhotoPayload.self), job: job) },
            PipelineJobs.prepareOrder: { [self] job in try prepare(job.decode(PipelineJobs.OrderPayload.self).orderID, job: job) },
            PipelineJobs.submitVideo: { [self] job in try submit(job.decode(PipelineJobs.VideoPayload.self).videoID, job: job) },
            PipelineJobs.pollVideo: { [self] job in try poll(job.decode(PipelineJobs.VideoPayload.self).videoID) },
            PipelineJobs.downloadVideo: { [self] job in try download(job.decode(PipelineJobs.VideoPayload.self).videoID, job: job) },
            PipelineJobs.deliverVideo: { [self] job in try deliver(job.decode(PipelineJobs.VideoPayload.self).videoID, job: job) },
            PipelineJobs.orderStatus: { [self] job in try updateStatus(job.decode(PipelineJobs.StatusPayload.self)) },
        ]
    }

    /// Serves `media/<name>` when its link is signed and unexpired; names are plain (no paths).
    public func mediaFile(name: String, expiry: String?, signature: String?) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, ProductPhotos.safeName(String(parts[0])) == parts[0], !parts[0].isEmpty,
              parts[1] == "jpg", links.verifyMedia(name: name, expiry: expiry, signature: signature)
        else { return nil }
        let path = photos.mediaPath(name: name)
        if FileManager.default.fileExists(atPath: path) { return path }
        do {
            return try preparePhotoHere(name: name)
        } catch {
            logger.warning("could not prepare a product photo again", metadata: ["name": "\(name)", "error": "\(error)"])
            return nil
        }
    }

    /// Hosts share nothing but PostgreSQL, so the host KIE reaches may not be the one that prepared the photo:
    /// it prepares it again from Telegram's copy.
    private func preparePhotoHere(name: String) throws -> String? {
        guard let (orderID, format) = ProductPhotos.order(ofPreparedName: name),
              let order = try pool.query("SELECT photo_file_id, photo_unique_id FROM orders WHERE id = $1",
                                         [orderID]).first
        else { return nil }
        let original = try photos.original(fileID: try order.decode("photo_file_id"),
                                           uniqueID: try order.decode("photo_unique_id"))
        return photos.mediaPath(name: try photos.prepared(original: original, orderID: orderID, format: format))
    }

    func failIfPastDeadline(_ video: VideoRecord) throws -> Bool {
        guard video.pastDeadline else { return false }
        try pool.transaction { db in
            _ = try Videos.fail(video, class: .temporary, reason: .tookTooLong, settings: settings, on: db)
        }
        logger.warning("video past its deadline", metadata: ["video": "\(video.id)", "order": "\(video.orderID)"])
        return true
    }
}

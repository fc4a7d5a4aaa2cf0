import Domain
import HTTPClient
import JobQueue
import KIE
import LLM
import Logging
import Postgres
import Telegram

/// From a paid order to videos in the chat (brief §4). Each step of a video is a job; this registry builds the steps,
/// each with only what it uses, and maps job kinds to them.
public final class Pipeline: Sendable {
    public let handlers: [String: JobHandler]
    let links: MediaLinks
    let resolveTask: ResolveTaskStep
    private let media: MediaFiles
    private let keys: KIEKeys
    private let pool: PostgresPool

    public init(settings: PipelineSettings, dialogue: DialogueSettings, pool: PostgresPool, telegram: TelegramClient,
                sendLimiter: SendRateLimiter, kie: KIEClient, llm: LLMClient, http: HTTPClient, logger: Logger) {
        let tuning = settings.tuning
        let links = MediaLinks(secret: settings.signingSecret, publicBaseURL: settings.publicBaseURL)
        let keys = KIEKeys(settings.kieKeys)
        let photos = ProductPhotos(directory: settings.mediaDirectory, telegram: telegram)
        let road = TelegramRoad(client: telegram, pool: pool, limiter: sendLimiter, logger: logger)
        let files = VideoFiles(directory: settings.mediaDirectory + "/videos", http: http, maxBytes: tuning.maxResultBytes,
                               policy: settings.resultURLs)
        let alerts = Alerts(pool: pool, supportChatID: settings.supportChatID, adminIDs: settings.adminIDs, logger: logger)
        let failures = VideoFailures(statusThrottle: tuning.statusThrottle, logger: logger)
        let resolve = ResolveTaskStep(pool: pool, maxAttempts: tuning.maxAttempts,
                                      finishingAttempts: tuning.finishingAttempts, resultURLs: settings.resultURLs,
                                      failures: failures, logger: logger)

        let analyze = AnalyzePhotoStep(pool: pool, photos: photos, llm: llm, dialogue: dialogue,
                                       signingSecret: settings.signingSecret, logger: logger)
        let prepare = PrepareOrderStep(pool: pool, photos: photos, links: links, llm: llm, alerts: alerts,
                                       failures: failures, logger: logger)
        let submit = SubmitVideoStep(pool: pool, kie: kie, keys: keys, links: links, models: settings.models,
                                     tuning: tuning, alerts: alerts, failures: failures, logger: logger)
        let poll = PollTaskStep(pool: pool, kie: kie, keys: keys, queryLimiter: PerKeyRateLimiter(perSecond: 10),
                                pollInterval: tuning.pollInterval, resolve: resolve, failures: failures, logger: logger)
        let download = DownloadVideoStep(pool: pool, files: files, finishingAttempts: tuning.finishingAttempts,
                                         failures: failures, logger: logger)
        let deliver = DeliverVideoStep(pool: pool, road: road, files: files, failures: failures,
                                       statusThrottle: tuning.statusThrottle, logger: logger)
        let status = OrderStatusStep(pool: pool, road: road)
        typealias Jobs = PipelineJobs
        handlers = [
            Jobs.analyzePhoto: { job in try analyze.run(job.decode(Jobs.PhotoPayload.self), job: job) },
            Jobs.prepareOrder: { job in try prepare.run(job.decode(Jobs.OrderPayload.self).orderID, job: job) },
            Jobs.submitVideo: { job in try submit.run(job.decode(Jobs.VideoPayload.self).videoID) },
            Jobs.pollVideo: { job in try poll.run(job.decode(Jobs.VideoPayload.self).videoID) },
            Jobs.downloadVideo: { job in try download.run(job.decode(Jobs.VideoPayload.self).videoID, job: job) },
            Jobs.deliverVideo: { job in try deliver.run(job.decode(Jobs.VideoPayload.self).videoID, job: job) },
            Jobs.orderStatus: { job in try status.run(job.decode(Jobs.StatusPayload.self)) },
        ]
        self.links = links
        self.keys = keys
        self.pool = pool
        resolveTask = resolve
        media = MediaFiles(pool: pool, links: links, photos: photos, logger: logger)
    }

    /// Records the configured KIE keys (by id) so every process shares their cool-downs.
    public func registerKeys() throws {
        try pool.withConnection { try keys.register(on: $0) }
    }

    /// The path of `media/<name>` when its link is signed and unexpired.
    public func mediaFile(name: String, expiry: String?, signature: String?) -> String? {
        media.path(name: name, expiry: expiry, signature: signature)
    }
}

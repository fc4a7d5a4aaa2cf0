/// Everything the KIE stand-in can be tuned by. The defaults suit tests (tasks finish in about 0.1–0.2 s,
/// callbacks retried quickly); the sandbox stretches the times to look like KIE (seconds to a minute).
public struct KIEStandInConfiguration: Sendable {
    /// How errors the stand-in raises itself (bad key, bad input, no credits) are answered: as HTTP 200 with
    /// the code in the body, or with the code as the HTTP status as well. KIE has been seen doing both.
    public enum ErrorStyle: Sendable {
        case bodyCode
        case httpStatus
    }

    /// At most `count` calls per key within any `window`.
    public struct RateLimit: Sendable {
        public var count: Int
        public var window: Duration

        public init(count: Int, window: Duration) {
            self.count = max(1, count)
            self.window = window
        }

        /// KIE: "up to 20 new generation requests per 10 seconds", per account (here: per key).
        public static let kieCreate = RateLimit(count: 20, window: .seconds(10))
        /// KIE: "max 10 queries per second per API key" on recordInfo.
        public static let kieQuery = RateLimit(count: 10, window: .seconds(1))
    }

    /// How result videos are made. The defaults keep tests cheap (a ninth of the pixels at a third of the frame
    /// rate: every scene is still rendered from its photo, at the requested length and shape); `sandbox` is what a
    /// person watching the chat page sees.
    public struct VideoSettings: Sendable {
        /// Where ffmpeg is; nil looks in the usual places. Without ffmpeg a tiny MP4 container is written in code.
        public var ffmpegPath: String?
        /// False never runs ffmpeg (the in-code container: load runs, where the stand-in's CPU is not measured).
        public var useFFmpeg: Bool
        /// The frame's short side is the requested resolution's (720 for "720p") but at most this.
        public var maxShortSide: Int
        public var framesPerSecond: Int
        /// ffmpeg runs at once at most this many times (the machine has few cores).
        public var maxConcurrentEncodes: Int
        public var encodeTimeout: Duration

        public init(ffmpegPath: String? = nil, useFFmpeg: Bool = true, maxShortSide: Int = 240, framesPerSecond: Int = 8,
                    maxConcurrentEncodes: Int = 2, encodeTimeout: Duration = .seconds(20)) {
            self.ffmpegPath = ffmpegPath
            self.useFFmpeg = useFFmpeg
            self.maxShortSide = max(16, maxShortSide)
            self.framesPerSecond = min(max(1, framesPerSecond), 60)
            self.maxConcurrentEncodes = max(1, maxConcurrentEncodes)
            self.encodeTimeout = encodeTimeout
        }

        /// KIE's 720p at 24 frames a second, for the sandbox and the browser test.
        public static let sandbox = VideoSettings(maxShortSide: 720, framesPerSecond: 24)
    }

    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// The origin put into result and upload URLs; nil uses the address the stand-in listens on.
    public var publicBaseURL: String?
    /// Accepted Bearer keys; each is its own account (credits, rate limits, tasks).
    public var apiKeys: [String]
    public var initialCredits: Double
    /// Credits one task of a model with price multiplier 1 costs (KIE: about 18 for 5 s of Seedance 720p).
    public var creditsPerVideo: Double
    /// When set, callbacks carry KIE's X-Webhook-Timestamp / X-Webhook-Signature headers.
    public var webhookHMACKey: String?
    /// Time spent `waiting`/`queuing` before generation starts.
    public var queueTime: ClosedRange<Duration>
    /// Time spent `generating`.
    public var generationTime: ClosedRange<Duration>
    /// nil turns the limit off.
    public var createRateLimit: RateLimit?
    public var queryRateLimit: RateLimit?
    public var callbackTimeout: Duration
    /// Extra attempts after a callback is answered with a non-2xx status or not at all.
    public var callbackRetries: Int
    public var callbackRetryDelay: Duration
    public var imageFetchTimeout: Duration
    public var maxImageBytes: Int
    public var errorStyle: ErrorStyle
    /// False: a key sees only its own tasks in recordInfo, as separate KIE accounts do.
    public var tasksVisibleToAllKeys: Bool
    /// Random trouble for load tests; nil for none.
    public var chaos: KIEChaos?
    public var video: VideoSettings
    /// Where videos and fetched photos are kept; nil makes a fresh temporary directory.
    public var workDirectory: String?

    public init(host: String = "127.0.0.1", port: Int = 0, publicBaseURL: String? = nil,
                apiKeys: [String] = ["kie-sandbox-key"], initialCredits: Double = 100_000, creditsPerVideo: Double = 18,
                webhookHMACKey: String? = nil,
                queueTime: ClosedRange<Duration> = .milliseconds(10) ... .milliseconds(30),
                generationTime: ClosedRange<Duration> = .milliseconds(50) ... .milliseconds(150),
                createRateLimit: RateLimit? = nil, queryRateLimit: RateLimit? = .kieQuery,
                callbackTimeout: Duration = .seconds(15), callbackRetries: Int = 2,
                callbackRetryDelay: Duration = .milliseconds(100), imageFetchTimeout: Duration = .seconds(30),
                maxImageBytes: Int = 10 << 20, errorStyle: ErrorStyle = .bodyCode, tasksVisibleToAllKeys: Bool = false,
                chaos: KIEChaos? = nil, video: VideoSettings = VideoSettings(), workDirectory: String? = nil) {
        self.host = host
        self.port = port
        self.publicBaseURL = publicBaseURL
        self.apiKeys = apiKeys
        self.initialCredits = initialCredits
        self.creditsPerVideo = creditsPerVideo
        self.webhookHMACKey = webhookHMACKey
        self.queueTime = queueTime
        self.generationTime = generationTime
        self.createRateLimit = createRateLimit
        self.queryRateLimit = queryRateLimit
        self.callbackTimeout = callbackTimeout
        self.callbackRetries = max(0, callbackRetries)
        self.callbackRetryDelay = callbackRetryDelay
        self.imageFetchTimeout = imageFetchTimeout
        self.maxImageBytes = maxImageBytes
        self.errorStyle = errorStyle
        self.tasksVisibleToAllKeys = tasksVisibleToAllKeys
        self.chaos = chaos
        self.video = video
        self.workDirectory = workDirectory
    }

    /// KIE-like pacing for the interactive sandbox and load runs: 1–5 s in the queue, 5–60 s generating,
    /// KIE's create and query limits, callbacks retried after 5 s.
    public static func realistic(apiKeys: [String], webhookHMACKey: String? = nil) -> KIEStandInConfiguration {
        KIEStandInConfiguration(
            apiKeys: apiKeys, webhookHMACKey: webhookHMACKey, queueTime: .seconds(1) ... .seconds(5),
            generationTime: .seconds(5) ... .seconds(60), createRateLimit: .kieCreate, queryRateLimit: .kieQuery,
            callbackRetryDelay: .seconds(5))
    }
}

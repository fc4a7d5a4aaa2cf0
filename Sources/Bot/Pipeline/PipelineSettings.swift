import Domain
import KIE

/// How the video pipeline runs: where results go and which models and keys it uses (from the configuration), and
/// its limits (`PipelineTuning`).
public struct PipelineSettings: Sendable {
    public var publicBaseURL: String
    public var signingSecret: String
    public var mediaDirectory: String
    /// The default model first, then the fallbacks tried on a configuration error.
    public var models: [String]
    /// KIE's API keys, each with its account (the task budget is per account).
    public var kieKeys: [KIEAPIKey]
    public var supportChatID: Int64?
    public var adminIDs: [Int64]
    /// Where KIE's result videos may be downloaded from.
    public var resultURLs: ResultURLPolicy
    public var tuning: PipelineTuning

    public init(publicBaseURL: String, signingSecret: String, mediaDirectory: String, models: [String],
                kieKeys: [KIEAPIKey], supportChatID: Int64?, adminIDs: [Int64],
                resultURLs: ResultURLPolicy = ResultURLPolicy(hosts: KIEResultHosts.current),
                tuning: PipelineTuning = PipelineTuning()) {
        self.publicBaseURL = publicBaseURL
        self.signingSecret = signingSecret
        self.mediaDirectory = mediaDirectory
        self.models = models
        self.kieKeys = kieKeys
        self.supportChatID = supportChatID
        self.adminIDs = adminIDs
        self.resultURLs = resultURLs
        self.tuning = tuning
    }
}

/// The pipeline's time limits and rates. Production keeps the defaults; tests, the sandbox and the benches shorten
/// them.
public struct PipelineTuning: Sendable {
    /// Every video is delivered or refunded within this long of its order.
    public var deadline = VideoDeadline.standard
    /// How long a callback may be late before the poller asks KIE itself, and how often it asks again.
    public var callbackGrace: Duration = .seconds(90)
    public var pollInterval: Duration = .seconds(30)
    /// KIE tasks one video may create in all: every createTask that may have made one spends an attempt (accepted
    /// and later failed, or refused as temporary); a refusal that makes nothing (rate limit, billing, configuration)
    /// gives its attempt back.
    public var maxAttempts = 3
    /// Attempts for a made video's download, and for its delivery: it is paid for, so each rides out minutes of
    /// trouble at KIE's file host or at Telegram before a refund.
    public var finishingAttempts = 10
    public var keyCooldown: Duration = .seconds(30)
    /// A key out of credit stays out of rotation this long before it is tried again; one alert per key per period.
    public var billingPause: Duration = .seconds(3600)
    public var statusThrottle: Duration = .seconds(15)
    /// How often `StrandedVideos` looks for unfinished videos nothing will finish.
    public var sweepInterval: Duration = .seconds(60)
    /// KIE's allowance per account.
    public var createTasksPer10Seconds: Double = 20
    public var maxResultBytes = 50 << 20

    public init() {}

    /// The first setting that cannot work, by name; nil when all can.
    public func problem() -> String? {
        let durations: [(String, Duration)] = [
            ("deadline", deadline), ("callbackGrace", callbackGrace), ("pollInterval", pollInterval),
            ("keyCooldown", keyCooldown), ("billingPause", billingPause), ("sweepInterval", sweepInterval),
        ]
        if let (name, _) = durations.first(where: { $0.1 <= .zero }) { return "\(name) must be positive" }
        if statusThrottle < .zero { return "statusThrottle must not be negative" }
        if maxAttempts < 1 { return "maxAttempts must be at least 1" }
        if finishingAttempts < 1 { return "finishingAttempts must be at least 1" }
        if !(createTasksPer10Seconds > 0) { return "createTasksPer10Seconds must be positive" }
        if maxResultBytes < 1 { return "maxResultBytes must be positive" }
        return nil
    }
}

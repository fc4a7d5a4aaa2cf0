/// How the video pipeline runs: where results go, which models and keys it uses, and its time limits.
public struct PipelineSettings: Sendable {
    public var publicBaseURL: String
    public var signingSecret: String
    public var mediaDirectory: String
    /// The default model first, then the fallbacks tried on a configuration error.
    public var models: [String]
    public var kieKeys: [String]
    public var supportChatID: Int64?
    public var adminIDs: [Int64]
    /// Every video is delivered or refunded within this long of its order.
    public var deadline: Duration = .seconds(30 * 60)
    /// How long a callback may be late before the poller asks KIE itself, and how often it asks again.
    public var callbackGrace: Duration = .seconds(90)
    public var pollInterval: Duration = .seconds(30)
    /// Attempts in total per video, across failed generations and failed submissions.
    public var maxAttempts = 3
    public var keyCooldown: Duration = .seconds(30)
    /// A key out of credit stays out of rotation this long before it is tried again; one alert per key per period.
    public var billingPause: Duration = .seconds(3600)
    public var statusThrottle: Duration = .seconds(15)
    public var createTasksPer10Seconds: Double = 20
    public var maxResultBytes = 50 << 20

    public init(publicBaseURL: String, signingSecret: String, mediaDirectory: String, models: [String],
                kieKeys: [String], supportChatID: Int64?, adminIDs: [Int64]) {
        self.publicBaseURL = publicBaseURL
        self.signingSecret = signingSecret
        self.mediaDirectory = mediaDirectory
        self.models = models
        self.kieKeys = kieKeys
        self.supportChatID = supportChatID
        self.adminIDs = adminIDs
    }
}

/// Everything the OpenAI stand-in can be tuned by.
public struct OpenAIStandInConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// The key clients must send as `Authorization: Bearer <key>`.
    public var apiKey: String
    /// Models the stand-in knows; any other answers 404 `model_not_found`. Nil accepts every model name.
    public var knownModels: Set<String>?
    /// How long fetching an http(s) image URL may take before the call fails with 400 `invalid_image_url`.
    public var imageFetchTimeout: Duration
    /// Largest image accepted, fetched or inline (OpenAI: 20 MB).
    public var maxImageBytes: Int
    /// Largest request body (OpenAI: 50 MB, base64 images included).
    public var maxRequestBytes: Int
    /// How many calls `calls` keeps; older ones are forgotten.
    public var maxRecordedCalls: Int
    /// False never runs ffmpeg to read a photo's colours.
    public var useFFmpeg: Bool

    public init(host: String = "127.0.0.1", port: Int = 0, apiKey: String = "sk-sandbox-openai-key",
                knownModels: Set<String>? = nil, imageFetchTimeout: Duration = .seconds(10),
                maxImageBytes: Int = 20 << 20, maxRequestBytes: Int = 50 << 20, maxRecordedCalls: Int = 1000,
                useFFmpeg: Bool = true) {
        self.host = host
        self.port = port
        self.apiKey = apiKey
        self.knownModels = knownModels
        self.imageFetchTimeout = imageFetchTimeout
        self.maxImageBytes = maxImageBytes
        self.maxRequestBytes = maxRequestBytes
        self.maxRecordedCalls = max(1, maxRecordedCalls)
        self.useFFmpeg = useFFmpeg
    }
}

/// One `POST /v1/chat/completions` the stand-in received, answered or refused, for tests to inspect.
public struct OpenAICallRecord: Sendable, Equatable, Encodable {
    /// Which of the bot's two questions the call asked, told apart by its json_schema name.
    public enum Operation: String, Sendable, Equatable, Encodable {
        case photoAnalysis = "photo_analysis"
        case scenePrompts = "scene_prompts"
        case other
    }

    /// An image the call carried, as the stand-in resolved it.
    public struct Image: Sendable, Equatable, Encodable {
        /// "data" for an inline data URL, "http" for a fetched one.
        public var source: String
        public var format: String
        public var bytes: Int
        public var width: Int?
        public var height: Int?
    }

    /// 1 for the first call since start or reset.
    public var number: Int
    public var status: Int = 0
    /// Nil when the request could not be read that far.
    public var operation: Operation?
    public var model: String?
    public var images: [Image] = []
    /// The seller's note of a photo analysis.
    public var hint: String?
    /// The product line of a prompts call.
    public var productDescription: String?
    /// How many prompts a prompts call asked for.
    public var requestedPrompts: Int?
    public var fault: String?
    /// The assistant content answered, on success.
    public var content: String?
    /// The error code or message answered, on failure.
    public var error: String?

    init(number: Int) {
        self.number = number
    }

    enum CodingKeys: String, CodingKey {
        case number, status, operation, model, images, hint, fault, content, error
        case productDescription = "product_description"
        case requestedPrompts = "requested_prompts"
    }
}

/// Where one chat stands in the dialogue. Stored per chat in PostgreSQL, never in memory.
public struct Conversation: Sendable, Equatable, Codable {
    public enum Step: String, Sendable, Codable, CaseIterable {
        case idle
        case awaitingPhoto = "awaiting_photo"
        case analyzingPhoto = "analyzing_photo"
        case awaitingDescription = "awaiting_description"
        case choosingOptions = "choosing_options"
    }

    public var step: Step
    public var photo: ProductPhoto?
    public var description: String?
    /// The LLM's one-line description of the photo, offered to the seller.
    public var proposal: String?
    public var videoCount: Int
    public var format: VideoFormat
    /// Bumped whenever earlier buttons must stop working; buttons carry the version they were drawn for.
    public var version: Int

    public init(step: Step = .idle, photo: ProductPhoto? = nil, description: String? = nil, proposal: String? = nil,
                videoCount: Int = VideoCount.default, format: VideoFormat = .portrait, version: Int = 0) {
        self.step = step
        self.photo = photo
        self.description = description
        self.proposal = proposal
        self.videoCount = videoCount
        self.format = format
        self.version = version
    }

    public static let initial = Conversation()
}

/// The product photo as Telegram stores it: the bot downloads it by `fileID` when an order needs it.
public struct ProductPhoto: Sendable, Equatable, Codable {
    public var fileID: String
    public var fileUniqueID: String
    public var width: Int?
    public var height: Int?

    public init(fileID: String, fileUniqueID: String, width: Int? = nil, height: Int? = nil) {
        self.fileID = fileID
        self.fileUniqueID = fileUniqueID
        self.width = width
        self.height = height
    }
}

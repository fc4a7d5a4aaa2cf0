/// sendVideo with the file uploaded from disk (multipart; up to 50 MB).
public struct SendVideo: Sendable {
    public var chatID: Int64
    public var videoPath: String
    public var caption: String?
    public var replyMarkup: InlineKeyboardMarkup?
    public var width: Int?
    public var height: Int?
    public var duration: Int?
    public static let maxUploadBytes = 50 << 20

    public init(chatID: Int64, videoPath: String, caption: String? = nil, replyMarkup: InlineKeyboardMarkup? = nil,
                width: Int? = nil, height: Int? = nil, duration: Int? = nil) {
        self.chatID = chatID
        self.videoPath = videoPath
        self.caption = caption
        self.replyMarkup = replyMarkup
        self.width = width
        self.height = height
        self.duration = duration
    }
}

/// sendVideo with a `file_id` Telegram already has: a re-send, free of any upload and size limit.
public struct ResendVideo: TelegramMethod {
    public typealias Result = Message
    public static let name = "sendVideo"
    public var chatID: Int64
    public var video: String
    public var caption: String?
    public var replyMarkup: InlineKeyboardMarkup?

    enum CodingKeys: String, CodingKey {
        case video, caption
        case chatID = "chat_id"
        case replyMarkup = "reply_markup"
    }

    public init(chatID: Int64, fileID: String, caption: String? = nil, replyMarkup: InlineKeyboardMarkup? = nil) {
        self.chatID = chatID
        self.video = fileID
        self.caption = caption
        self.replyMarkup = replyMarkup
    }
}

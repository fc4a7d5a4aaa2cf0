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

public struct Message: Codable, Sendable, Equatable {
    public var messageID: Int64
    /// 0 for an inaccessible message (one too old for the bot to see).
    public var date: Int64
    public var chat: Chat
    public var from: User?
    public var text: String?
    public var caption: String?
    /// Sizes ascending: the last one is the largest.
    public var photo: [PhotoSize]?
    public var document: Document?
    public var video: Video?
    public var successfulPayment: SuccessfulPayment?
    public var replyMarkup: InlineKeyboardMarkup?

    enum CodingKeys: String, CodingKey {
        case date, chat, from, text, caption, photo, document, video
        case messageID = "message_id"
        case successfulPayment = "successful_payment"
        case replyMarkup = "reply_markup"
    }

    public init(messageID: Int64, date: Int64, chat: Chat, from: User? = nil, text: String? = nil,
                caption: String? = nil, photo: [PhotoSize]? = nil, document: Document? = nil, video: Video? = nil,
                successfulPayment: SuccessfulPayment? = nil, replyMarkup: InlineKeyboardMarkup? = nil) {
        self.messageID = messageID
        self.date = date
        self.chat = chat
        self.from = from
        self.text = text
        self.caption = caption
        self.photo = photo
        self.document = document
        self.video = video
        self.successfulPayment = successfulPayment
        self.replyMarkup = replyMarkup
    }
}

public struct PhotoSize: Codable, Sendable, Equatable {
    public var fileID: String
    public var fileUniqueID: String
    public var width: Int
    public var height: Int
    public var fileSize: Int64?

    enum CodingKeys: String, CodingKey {
        case width, height
        case fileID = "file_id"
        case fileUniqueID = "file_unique_id"
        case fileSize = "file_size"
    }

    public init(fileID: String, fileUniqueID: String, width: Int, height: Int, fileSize: Int64? = nil) {
        self.fileID = fileID
        self.fileUniqueID = fileUniqueID
        self.width = width
        self.height = height
        self.fileSize = fileSize
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fileID = try container.decode(String.self, forKey: .fileID)
        fileUniqueID = try container.fileUniqueID(forKey: .fileUniqueID, fileID: fileID)
        width = try container.decode(Int.self, forKey: .width)
        height = try container.decode(Int.self, forKey: .height)
        fileSize = try container.decodeIfPresent(Int64.self, forKey: .fileSize)
    }
}

public struct Document: Codable, Sendable, Equatable {
    public var fileID: String
    public var fileUniqueID: String
    public var fileName: String?
    public var mimeType: String?
    public var fileSize: Int64?

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case fileUniqueID = "file_unique_id"
        case fileName = "file_name"
        case mimeType = "mime_type"
        case fileSize = "file_size"
    }

    public init(fileID: String, fileUniqueID: String, fileName: String? = nil, mimeType: String? = nil,
                fileSize: Int64? = nil) {
        self.fileID = fileID
        self.fileUniqueID = fileUniqueID
        self.fileName = fileName
        self.mimeType = mimeType
        self.fileSize = fileSize
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fileID = try container.decode(String.self, forKey: .fileID)
        fileUniqueID = try container.fileUniqueID(forKey: .fileUniqueID, fileID: fileID)
        fileName = try container.decodeIfPresent(String.self, forKey: .fileName)
        mimeType = try container.decodeIfPresent(String.self, forKey: .mimeType)
        fileSize = try container.decodeIfPresent(Int64.self, forKey: .fileSize)
    }
}

/// A sent video as Telegram answers it: the bot keeps only its `fileID`, so nothing else is demanded.
public struct Video: Codable, Sendable, Equatable {
    public var fileID: String
    public var fileUniqueID: String
    public var width: Int?
    public var height: Int?
    public var duration: Int?

    enum CodingKeys: String, CodingKey {
        case width, height, duration
        case fileID = "file_id"
        case fileUniqueID = "file_unique_id"
    }

    public init(fileID: String, fileUniqueID: String, width: Int, height: Int, duration: Int) {
        self.fileID = fileID
        self.fileUniqueID = fileUniqueID
        self.width = width
        self.height = height
        self.duration = duration
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fileID = try container.decode(String.self, forKey: .fileID)
        fileUniqueID = try container.fileUniqueID(forKey: .fileUniqueID, fileID: fileID)
        width = try container.decodeIfPresent(Int.self, forKey: .width)
        height = try container.decodeIfPresent(Int.self, forKey: .height)
        duration = try container.decodeIfPresent(Int.self, forKey: .duration)
    }
}

/// The answer to getFile: `filePath` is what the download URL needs.
public struct File: Codable, Sendable, Equatable {
    public var fileID: String
    public var fileUniqueID: String
    public var fileSize: Int64?
    public var filePath: String?

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case fileUniqueID = "file_unique_id"
        case fileSize = "file_size"
        case filePath = "file_path"
    }

    public init(fileID: String, fileUniqueID: String, fileSize: Int64? = nil, filePath: String? = nil) {
        self.fileID = fileID
        self.fileUniqueID = fileUniqueID
        self.fileSize = fileSize
        self.filePath = filePath
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fileID = try container.decode(String.self, forKey: .fileID)
        fileUniqueID = try container.fileUniqueID(forKey: .fileUniqueID, fileID: fileID)
        fileSize = try container.decodeIfPresent(Int64.self, forKey: .fileSize)
        filePath = try container.decodeIfPresent(String.self, forKey: .filePath)
    }
}

extension KeyedDecodingContainer {
    /// `file_unique_id`, or the file id where it is missing (Telegram's own sample updates leave it out): the bot
    /// only names stored copies by it, and the file id names the same file.
    func fileUniqueID(forKey key: Key, fileID: String) throws -> String {
        try decodeIfPresent(String.self, forKey: key) ?? fileID
    }
}

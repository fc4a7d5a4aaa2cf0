public struct SetWebhook: TelegramMethod {
    public typealias Result = Bool
    public static let name = "setWebhook"
    public var url: String
    public var secretToken: String?
    public var allowedUpdates: [String]?
    public var maxConnections: Int?
    public var dropPendingUpdates: Bool?

    enum CodingKeys: String, CodingKey {
        case url
        case secretToken = "secret_token"
        case allowedUpdates = "allowed_updates"
        case maxConnections = "max_connections"
        case dropPendingUpdates = "drop_pending_updates"
    }

    public init(url: String, secretToken: String? = nil, allowedUpdates: [String]? = nil, maxConnections: Int? = nil,
                dropPendingUpdates: Bool? = nil) {
        self.url = url
        self.secretToken = secretToken
        self.allowedUpdates = allowedUpdates
        self.maxConnections = maxConnections
        self.dropPendingUpdates = dropPendingUpdates
    }
}

public struct DeleteWebhook: TelegramMethod {
    public typealias Result = Bool
    public static let name = "deleteWebhook"
    public var dropPendingUpdates: Bool?

    enum CodingKeys: String, CodingKey {
        case dropPendingUpdates = "drop_pending_updates"
    }

    public init(dropPendingUpdates: Bool? = nil) {
        self.dropPendingUpdates = dropPendingUpdates
    }
}

public struct GetWebhookInfo: TelegramMethod {
    public typealias Result = WebhookInfo
    public static let name = "getWebhookInfo"

    public init() {}
}

public struct WebhookInfo: Codable, Sendable, Equatable {
    public var url: String
    public var pendingUpdateCount: Int
    public var lastErrorMessage: String?

    enum CodingKeys: String, CodingKey {
        case url
        case pendingUpdateCount = "pending_update_count"
        case lastErrorMessage = "last_error_message"
    }
}

public struct BotCommand: Codable, Sendable, Equatable {
    public var command: String
    public var description: String

    public init(_ command: String, _ description: String) {
        self.command = command
        self.description = description
    }
}

public struct SetMyCommands: TelegramMethod {
    public typealias Result = Bool
    public static let name = "setMyCommands"
    public var commands: [BotCommand]
    public var languageCode: String?

    enum CodingKeys: String, CodingKey {
        case commands
        case languageCode = "language_code"
    }

    public init(commands: [BotCommand], languageCode: String? = nil) {
        self.commands = commands
        self.languageCode = languageCode
    }
}

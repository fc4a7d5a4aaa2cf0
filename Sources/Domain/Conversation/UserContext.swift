/// What the dialogue needs to know about the user, read (and locked) in the update's transaction.
public struct UserContext: Sendable, Equatable {
    public var name: String
    public var balance: Int
    public var language: Language
    /// The user was created by this update, so the welcome mentions the sign-up bonus.
    public var isNew: Bool
    public var activeOrders: Int

    public init(name: String, balance: Int, language: Language, isNew: Bool = false, activeOrders: Int = 0) {
        self.name = name
        self.balance = balance
        self.language = language
        self.isNew = isNew
        self.activeOrders = activeOrders
    }
}

public struct DialogueSettings: Sendable, Equatable {
    public var videoPrice: Int
    public var signupBonus: Int
    public var maxActiveOrders: Int
    public var maxDescriptionLength: Int
    public var formats: [VideoFormat]

    public init(videoPrice: Int, signupBonus: Int, maxActiveOrders: Int = 3, maxDescriptionLength: Int = 300,
                formats: [VideoFormat] = VideoFormat.allCases) {
        self.videoPrice = videoPrice
        self.signupBonus = signupBonus
        self.maxActiveOrders = maxActiveOrders
        self.maxDescriptionLength = maxDescriptionLength
        self.formats = formats
    }
}

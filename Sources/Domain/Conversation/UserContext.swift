/// What the dialogue needs to know about the user, read (and locked) in the update's transaction.
public struct UserContext: Sendable, Equatable {
    public var name: String
    public var balance: Int
    public var language: Language
    /// The user was created by this update, so the welcome mentions the sign-up bonus.
    public var isNew: Bool
    public var activeOrders: Int
    /// Telegram's user id, which the seller's referral link carries.
    public var id: Int64
    /// Photo analyses this seller asked for, for the caps (filled only when a photo arrives).
    public var analysesLastMinute = 0
    public var analysesToday = 0
    /// Messages waiting to go to this chat (filled only for a re-send), for the backlog cap.
    public var pendingMessages = 0

    public init(name: String, balance: Int, language: Language, isNew: Bool = false, activeOrders: Int = 0,
                id: Int64 = 0) {
        self.id = id
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
    public var creditPacks: [CreditPack]
    /// Paid to the inviter when an invited seller's first purchase succeeds.
    public var referralBonus: Int
    /// For the seller's referral link (`t.me/<bot>?start=ref_<id>`); no link without it.
    public var botUsername: String?
    /// Where sellers' payment questions go (`/paysupport <question>`).
    public var supportChatID: Int64?
    /// Photo analyses are free to the seller and cost us a vision call each: at most this many per seller.
    public var analysesPerMinute = 6
    public var analysesPerDay = 100
    /// A chat receives about one message a second: a re-send that would queue more than this is refused.
    public var maxPendingMessages = 30

    public init(videoPrice: Int, signupBonus: Int, maxActiveOrders: Int = 3, maxDescriptionLength: Int = 300,
                formats: [VideoFormat] = VideoFormat.allCases, creditPacks: [CreditPack] = CreditPack.defaults,
                referralBonus: Int = 0, botUsername: String? = nil, supportChatID: Int64? = nil) {
        self.supportChatID = supportChatID
        self.creditPacks = creditPacks
        self.referralBonus = referralBonus
        self.botUsername = botUsername
        self.videoPrice = videoPrice
        self.signupBonus = signupBonus
        self.maxActiveOrders = maxActiveOrders
        self.maxDescriptionLength = maxDescriptionLength
        self.formats = formats
    }
}

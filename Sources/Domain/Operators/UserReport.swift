/// What `/user <id>` shows an operator of one seller. Times are UTC, `YYYY-MM-DD HH:MM`.
public struct UserReport: Sendable, Equatable {
    public static let shownOrders = 5
    public static let shownPurchases = 10

    public struct Order: Sendable, Equatable {
        public var id: Int64
        public var placedAt: String
        public var videoCount: Int
        /// `active`, `finished` or `cancelled`.
        public var status: String
        public var delivered: Int
        /// Failed or cancelled, and so refunded.
        public var refunded: Int

        public init(id: Int64, placedAt: String, videoCount: Int, status: String, delivered: Int, refunded: Int) {
            self.id = id
            self.placedAt = placedAt
            self.videoCount = videoCount
            self.status = status
            self.delivered = delivered
            self.refunded = refunded
        }

        public var inProgress: Int { videoCount - delivered - refunded }
    }

    public struct Purchase: Sendable, Equatable {
        public var chargeID: String
        public var paidAt: String
        public var credits: Int
        public var stars: Int
        /// nil, `refunding` or `refunded`.
        public var refundState: String?

        public init(chargeID: String, paidAt: String, credits: Int, stars: Int, refundState: String?) {
            self.chargeID = chargeID
            self.paidAt = paidAt
            self.credits = credits
            self.stars = stars
            self.refundState = refundState
        }
    }

    public var id: Int64
    public var firstName: String
    public var username: String?
    public var language: Language
    public var balance: Int
    public var isBlocked: Bool
    public var signedUpAt: String
    public var startPayload: String?
    /// The latest `shownOrders`, newest first.
    public var orders: [Order] = []
    /// The latest `shownPurchases`, newest first.
    public var purchases: [Purchase] = []

    public init(id: Int64, firstName: String, username: String?, language: Language, balance: Int, isBlocked: Bool,
                signedUpAt: String, startPayload: String?) {
        self.id = id
        self.firstName = firstName
        self.username = username
        self.language = language
        self.balance = balance
        self.isBlocked = isBlocked
        self.signedUpAt = signedUpAt
        self.startPayload = startPayload
    }
}

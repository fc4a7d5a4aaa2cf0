/// What `/stats` shows an operator: the service's last 24 hours in figures, and what KIE has left to spend.
public struct StatsReport: Sendable, Equatable {
    /// The figures' window; "new" and "in the last 24 h" mean created within it.
    public static let window: Duration = .seconds(24 * 3600)

    /// How many rows had one value (an order status, a video state, a failure class).
    public struct Tally: Sendable, Equatable {
        public var name: String
        public var count: Int

        public init(_ name: String, _ count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// One configured KIE key, named by its id (a hash prefix), never by the secret; after its account's name
    /// (`main/k1a2b3c4d5e6`) when the operator gave the key one.
    public enum KIEBalance: Sendable, Equatable {
        case credits(keyID: String, Double)
        case unavailable(keyID: String, problem: String)
    }

    public var users: Int
    public var newUsers: Int
    /// Orders made in the window, by their status now.
    public var orders: [Tally]
    /// Videos of the window, by their state now.
    public var videos: [Tally]
    /// Failed videos of the window, by failure class.
    public var failures: [Tally]
    /// Of those, the ones refunded although they may have reached the chat (`FailureReason.deliveryUncertain`).
    public var uncertainDeliveries: Int
    /// Failed or cancelled videos refunded in the window (ledger reason `refund`).
    public var refunds: Int
    public var refundedCredits: Int
    /// Stars paid in the window and ever, refunded purchases included.
    public var stars: Int
    public var starsTotal: Int
    public var kie: [KIEBalance]

    public init(users: Int, newUsers: Int, orders: [Tally], videos: [Tally], failures: [Tally], refunds: Int,
                refundedCredits: Int, stars: Int, starsTotal: Int, kie: [KIEBalance], uncertainDeliveries: Int = 0) {
        self.users = users
        self.newUsers = newUsers
        self.orders = orders
        self.videos = videos
        self.failures = failures
        self.uncertainDeliveries = uncertainDeliveries
        self.refunds = refunds
        self.refundedCredits = refundedCredits
        self.stars = stars
        self.starsTotal = starsTotal
        self.kie = kie
    }
}

extension StatsReport.Tally {
    /// `name count, name count`, or `none` when there is nothing to list.
    public static func list(_ tallies: [StatsReport.Tally], none: String) -> String {
        tallies.isEmpty ? none : tallies.map { "\($0.name) \($0.count)" }.joined(separator: ", ")
    }

    public static func total(_ tallies: [StatsReport.Tally]) -> Int {
        tallies.reduce(0) { $0 + $1.count }
    }
}

extension StatsReport.KIEBalance {
    /// KIE counts credits in fractions; whole amounts read better without `.0`.
    public static func text(_ credits: Double) -> String {
        let cents = (credits * 100).rounded() / 100
        return cents == cents.rounded() && abs(cents) < 1e15 ? "\(Int64(cents))" : "\(cents)"
    }
}

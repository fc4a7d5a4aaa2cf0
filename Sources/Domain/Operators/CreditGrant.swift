/// Credits an operator moves to a seller, or takes back after a mistake, with the reason the seller is shown.
/// A take-back never goes below zero (`CreditGrants` refuses it); the bound keeps a typo from minting a fortune.
public struct CreditGrant: Sendable, Equatable {
    public static let maxCredits = 100_000
    public static let maxReasonLength = 200

    public let userID: Int64
    /// Positive adds, negative takes back; never zero.
    public let credits: Int
    public let reason: String

    /// nil when the amount is zero or beyond the bound, or the reason is empty or too long.
    public init?(userID: Int64, credits: Int, reason: String) {
        let reason = reason.trimmingWhitespace()
        guard credits != 0, (-Self.maxCredits...Self.maxCredits).contains(credits),
              !reason.isEmpty, reason.count <= Self.maxReasonLength
        else { return nil }
        self.userID = userID
        self.credits = credits
        self.reason = reason
    }
}

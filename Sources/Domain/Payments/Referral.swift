/// `/start ref_<id>`: the link a seller shares; the inviter is paid once, on the invited seller's first purchase.
public enum Referral {
    public static func payload(inviter: Int64) -> String {
        "ref_\(inviter)"
    }

    /// The inviter a start payload names, if it is a referral at all.
    public static func inviter(inPayload payload: String?) -> Int64? {
        guard let payload, payload.hasPrefix("ref_"), let id = Int64(payload.dropFirst(4)), id > 0 else { return nil }
        return id
    }
}

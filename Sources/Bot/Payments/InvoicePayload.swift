import Domain
import Signing

/// What an invoice is for, carried through Telegram in its `payload` and signed, so a pre-checkout query or a
/// payment names a pack and a seller that only the bot could have written.
struct InvoicePayload: Sendable, Equatable {
    var userID: Int64
    var pack: CreditPack

    /// `v1:<user>:<credits>:<stars>:<signature>`, well under Telegram's 128 bytes.
    func signed(with secret: String) -> String {
        let body = "v1:\(userID):\(pack.credits):\(pack.stars)"
        return body + ":" + Self.signature(body, secret: secret)
    }

    /// The payload if it is one the bot signed; nil for anything else.
    static func verified(_ text: String, secret: String) -> InvoicePayload? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "v1", let userID = Int64(parts[1]), let credits = Int(parts[2]),
              let stars = Int(parts[3])
        else { return nil }
        let body = parts[0...3].joined(separator: ":")
        guard Signing.constantTimeEquals(Array(signature(body, secret: secret).utf8), Array(parts[4].utf8)) else {
            return nil
        }
        return InvoicePayload(userID: userID, pack: CreditPack(credits: credits, stars: stars))
    }

    private static func signature(_ body: String, secret: String) -> String {
        String(Signing.base64URL(Signing.hmacSHA256(key: Array(secret.utf8), message: Array(("invoice:" + body).utf8)))
            .prefix(22))
    }
}

import Foundation
import Signing

/// Signed, expiring links to files we serve (`/media/<name>?exp=…&sig=…`) and the unguessable per-video token in
/// KIE's callback URL. Both are HMACs under SIGNING_SECRET, checked in constant time.
public struct MediaLinks: Sendable {
    private let secret: [UInt8]
    private let publicBaseURL: String

    public init(secret: String, publicBaseURL: String) {
        self.secret = Array(secret.utf8)
        self.publicBaseURL = publicBaseURL
    }

    public func mediaURL(name: String, expiresAt: Date) -> String {
        let expiry = Int64(expiresAt.timeIntervalSince1970)
        return "\(publicBaseURL)/media/\(name)?exp=\(expiry)&sig=\(signature("media:\(name):\(expiry)"))"
    }

    /// Whether a request for `name` carries a valid, unexpired signature.
    public func verifyMedia(name: String, expiry: String?, signature candidate: String?, now: Date = Date()) -> Bool {
        guard let expiry, let seconds = Int64(expiry), let candidate,
              Double(seconds) > now.timeIntervalSince1970
        else { return false }
        return Signing.constantTimeEquals(Array(signature("media:\(name):\(seconds)").utf8), Array(candidate.utf8))
    }

    public func callbackURL(videoID: Int64) -> String {
        "\(publicBaseURL)/callbacks/kie/\(videoID)/\(callbackToken(videoID: videoID))"
    }

    public func verifyCallback(videoID: Int64, token: String) -> Bool {
        Signing.constantTimeEquals(Array(callbackToken(videoID: videoID).utf8), Array(token.utf8))
    }

    private func callbackToken(videoID: Int64) -> String {
        signature("kie-callback:\(videoID)")
    }

    private func signature(_ message: String) -> String {
        Signing.base64URL(Signing.hmacSHA256(key: secret, message: Array(message.utf8)))
    }
}

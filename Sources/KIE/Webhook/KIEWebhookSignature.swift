import Foundation
import Signing

/// KIE's optional callback signature (docs.kie.ai/common-api/webhook-verification): the headers
/// `X-Webhook-Timestamp` (Unix seconds) and `X-Webhook-Signature` =
/// base64(HMAC-SHA256(key: webhookHmacKey, message: taskId + "." + timestamp)). Only the id and the
/// timestamp are signed, not the body. KIE documents no replay window; five minutes is the usual choice.
public enum KIEWebhookSignature {
    public static let timestampHeader = "X-Webhook-Timestamp"
    public static let signatureHeader = "X-Webhook-Signature"

    /// The signature KIE would send for `taskID` at `timestamp`.
    public static func sign(taskID: String, timestamp: String, key: String) -> String {
        let tag = Signing.hmacSHA256(key: Array(key.utf8), message: Array((taskID + "." + timestamp).utf8))
        return Data(tag).base64EncodedString()
    }

    /// The timestamp header value for `date`.
    public static func timestamp(for date: Date) -> String {
        String(Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// True when `signature` is the right one for `taskID` and `timestamp` (compared in constant time) and
    /// `timestamp` is within `window` of `now`, either side.
    public static func verify(taskID: String, timestamp: String, signature: String, key: String,
                              now: Date = Date(), window: Duration = .seconds(300)) -> Bool {
        guard !key.isEmpty, let seconds = parseSeconds(timestamp) else { return false }
        let skew = abs(now.timeIntervalSince1970 - Double(seconds))
        guard skew <= Double(window.components.seconds) else { return false }
        let expected = Array(sign(taskID: taskID, timestamp: timestamp, key: key).utf8)
        return Signing.constantTimeEquals(expected, Array(signature.utf8))
    }

    /// Unix seconds as plain decimal digits (no sign, no spaces, at most 12 digits).
    private static func parseSeconds(_ text: String) -> Int64? {
        guard (1...12).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int64(text)
    }
}

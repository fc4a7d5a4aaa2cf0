import Foundation

/// Turns a non-2xx Chat Completions answer into an `LLMError`, in one place.
enum APIErrorMapping {
    /// Longest API message kept in `.badRequest`: enough to diagnose, bounded for logs.
    static let maxMessageLength = 300

    static func error(status: Int, body: [UInt8], apiKey: String?) -> LLMError {
        let details = (try? JSONDecoder().decode(APIErrorEnvelope.self, from: Data(body)))?.error
        let isQuota = details?.code == "insufficient_quota" || details?.type == "insufficient_quota"
        if isQuota && (status == 429 || status == 403) { return .quotaExhausted }
        switch status {
        case 429: return .rateLimited
        case 401, 403: return .unauthorized
        case 400..<500:
            let message = details?.message ?? String(decoding: body.prefix(maxMessageLength), as: UTF8.self)
            return .badRequest(printable(message, hiding: apiKey))
        case 500..<600: return .server(status: status)
        default: return .malformed("unexpected HTTP status \(status)")
        }
    }

    /// The message cut to a bounded length, on one line, with the key masked should the server echo it and
    /// URL queries dropped (an image URL we sent may carry a signed token, and these messages reach logs).
    static func printable(_ message: String, hiding apiKey: String?) -> String {
        var text = message
        if let apiKey, !apiKey.isEmpty { text = text.replacingOccurrences(of: apiKey, with: "***") }
        text = text.replacing(#/(https?://[^\s?#]+)[?#][^\s)]*/#) { "\($0.output.1)?…" }
        let oneLine = String(text.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : Character($0)
        })
        return oneLine.count > maxMessageLength ? String(oneLine.prefix(maxMessageLength)) + "…" : oneLine
    }
}

import Timekeeping

/// Telegram's sending limits as token buckets: one for the bot overall (~30 messages/s) and one per chat
/// (~1 message/s with a small burst). A call is let through only when both buckets have a token.
struct RateLimiter: Sendable {
    private struct Bucket: Sendable {
        var tokens: Double
        var updated: ContinuousClock.Instant

        /// Refills for the time passed; the time until one token is available (zero when one is).
        mutating func wait(now: ContinuousClock.Instant, rate: Double, capacity: Double) -> Duration {
            tokens = min(capacity, tokens + max(0, (now - updated).seconds) * rate)
            updated = now
            return tokens >= 1 ? .zero : .seconds((1 - tokens) / rate)
        }
    }

    let limits: TelegramStandInConfiguration.RateLimits
    private var global: Bucket?
    private var perChat: [Int64: Bucket] = [:]

    init(limits: TelegramStandInConfiguration.RateLimits) {
        self.limits = limits
    }

    /// Takes a token from both buckets, or says how many whole seconds to wait (Telegram's `retry_after`).
    mutating func admit(chat: Int64, now: ContinuousClock.Instant = .now) -> Int? {
        guard limits.enabled else { return nil }
        var global = self.global ?? Bucket(tokens: Double(limits.globalBurst), updated: now)
        var chatBucket = perChat[chat] ?? Bucket(tokens: Double(limits.perChatBurst), updated: now)
        let globalWait = global.wait(now: now, rate: limits.globalPerSecond, capacity: Double(limits.globalBurst))
        let chatWait = chatBucket.wait(now: now, rate: limits.perChatPerSecond, capacity: Double(limits.perChatBurst))
        defer {
            self.global = global
            perChat[chat] = chatBucket
        }
        let wait = max(globalWait, chatWait)
        guard wait == .zero else {
            return max(1, Int(wait.seconds.rounded(.up)))
        }
        global.tokens -= 1
        chatBucket.tokens -= 1
        return nil
    }
}

import Foundation
import Synchronization

/// Keeps this process under Telegram's sending limits: about 30 messages a second overall and about one a second
/// per chat, with a small burst. It answers how long to wait; the job snoozes that long instead of blocking a worker.
/// Telegram's own 429 + retry_after remains the authority when several processes share a bot.
public final class SendRateLimiter: Sendable {
    public struct Limits: Sendable {
        public var globalPerSecond: Double
        public var perChatInterval: Duration
        public var perChatBurst: Int

        public init(globalPerSecond: Double = 30, perChatInterval: Duration = .seconds(1), perChatBurst: Int = 3) {
            self.globalPerSecond = globalPerSecond
            self.perChatInterval = perChatInterval
            self.perChatBurst = perChatBurst
        }
    }

    private struct State {
        var globalTokens: Double
        var globalRefilledAt: ContinuousClock.Instant
        /// Per chat, the theoretical arrival time of the next message (the generic cell rate algorithm).
        var chatNextAt: [Int64: ContinuousClock.Instant] = [:]
    }

    private let limits: Limits
    private let state: Mutex<State>

    public init(limits: Limits = Limits()) {
        self.limits = limits
        state = Mutex(State(globalTokens: limits.globalPerSecond, globalRefilledAt: .now))
    }

    /// Takes a slot for one message to `chatID` now, or says how long to wait for one (taking nothing).
    public func acquire(chatID: Int64) -> Duration? {
        let now = ContinuousClock.now
        return state.withLock { state in
            let elapsed = Self.seconds(now - state.globalRefilledAt)
            state.globalTokens = min(limits.globalPerSecond, state.globalTokens + elapsed * limits.globalPerSecond)
            state.globalRefilledAt = now
            let nextAt = max(state.chatNextAt[chatID] ?? now, now)
            let chatWait = nextAt - now - limits.perChatInterval * (limits.perChatBurst - 1)
            if chatWait > .zero { return chatWait }
            guard state.globalTokens >= 1 else {
                return .seconds((1 - state.globalTokens) / limits.globalPerSecond)
            }
            state.globalTokens -= 1
            state.chatNextAt[chatID] = nextAt + limits.perChatInterval
            if state.chatNextAt.count > 10_000 { state.chatNextAt = state.chatNextAt.filter { $0.value > now } }
            return nil
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

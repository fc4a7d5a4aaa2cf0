import Foundation
import Synchronization

/// Keeps this process under Telegram's sending limits: about 30 messages a second overall and about one a second
/// per chat, with a small burst. A message that cannot go now is given a slot in the future and its job sleeps
/// until then, once: waiting jobs never come back only to find the slot taken by another (a herd of short snoozes
/// is what starved the queue under load). Telegram's own 429 + retry_after remains the authority when several
/// processes share a bot.
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

    /// Who is asking: a message a seller waits for takes its turn in line; a refresh of a status message only
    /// goes when the chat's whole burst is unused, so it never pushes a video or a reply back.
    public enum Urgency: Sendable {
        case inLine(ticket: Int64)
        case whenIdle
    }

    private struct Reservation {
        let slot: ContinuousClock.Instant
        let chatID: Int64
    }

    private struct State {
        /// Per chat, the theoretical arrival time of the next message (the generic cell rate algorithm).
        var chatNextAt: [Int64: ContinuousClock.Instant] = [:]
        /// Messages booked per global slot, a fifth of a second each.
        var slotCounts: [Int64: Int] = [:]
        var reservations: [Int64: Reservation] = [:]
    }

    /// How long a reservation is kept after its slot; its job may have gone to another process or died.
    private static let reservationGrace: Duration = .seconds(30)
    private static let slotLength: Duration = .milliseconds(200)

    private let limits: Limits
    private let perSlot: Int
    private let origin = ContinuousClock.now
    private let state = Mutex(State())

    public init(limits: Limits = Limits()) {
        self.limits = limits
        perSlot = max(1, Int((limits.globalPerSecond * Self.slotLength.seconds).rounded()))
    }

    /// Nil: send now (the slot is taken). Otherwise how long to wait; an `.inLine` caller keeps its slot and,
    /// asking again with the same ticket when the wait is over, gets it.
    public func acquire(chatID: Int64, _ urgency: Urgency) -> Duration? {
        let now = ContinuousClock.now
        return state.withLock { state in
            switch urgency {
            case .inLine(let ticket):
                if let booked = state.reservations[ticket] {
                    guard booked.slot > now else {
                        state.reservations[ticket] = nil
                        return nil
                    }
                    return booked.slot - now
                }
                let slot = book(chatID: chatID, now: now, in: &state)
                guard slot > now else { return nil }
                state.reservations[ticket] = Reservation(slot: slot, chatID: chatID)
                if state.reservations.count > 10_000 { prune(now: now, in: &state) }
                return slot - now
            case .whenIdle:
                let owedUntil = state.chatNextAt[chatID] ?? now
                guard owedUntil <= now, (state.slotCounts[slotIndex(now)] ?? 0) < perSlot else {
                    return max(owedUntil - now, limits.perChatInterval)
                }
                _ = book(chatID: chatID, now: now, in: &state)
                return nil
            }
        }
    }

    /// Books the first slot that both the chat and the global budget allow.
    private func book(chatID: Int64, now: ContinuousClock.Instant, in state: inout State) -> ContinuousClock.Instant {
        var slot = earliestChatSlot(chatID: chatID, now: now, in: state)
        var index = slotIndex(slot)
        while (state.slotCounts[index] ?? 0) >= perSlot {
            index += 1
            slot = max(slot, start(ofSlot: index))
        }
        state.slotCounts[index, default: 0] += 1
        state.chatNextAt[chatID] = max(state.chatNextAt[chatID] ?? slot, slot) + limits.perChatInterval
        if state.chatNextAt.count > 10_000 || state.slotCounts.count > 10_000 { prune(now: now, in: &state) }
        return slot
    }

    private func earliestChatSlot(chatID: Int64, now: ContinuousClock.Instant, in state: State) -> ContinuousClock.Instant {
        guard let nextAt = state.chatNextAt[chatID] else { return now }
        let tolerance = limits.perChatInterval * max(0, limits.perChatBurst - 1)
        return max(now, nextAt - tolerance)
    }

    private func prune(now: ContinuousClock.Instant, in state: inout State) {
        state.chatNextAt = state.chatNextAt.filter { $0.value > now }
        let current = slotIndex(now)
        state.slotCounts = state.slotCounts.filter { $0.key >= current }
        state.reservations = state.reservations.filter { $0.value.slot + Self.reservationGrace > now }
    }

    private func slotIndex(_ instant: ContinuousClock.Instant) -> Int64 {
        Int64((instant - origin).seconds / Self.slotLength.seconds)
    }

    private func start(ofSlot index: Int64) -> ContinuousClock.Instant {
        origin + Self.slotLength * Double(index)
    }
}

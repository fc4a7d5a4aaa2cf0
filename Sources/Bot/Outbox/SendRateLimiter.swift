import Foundation
import Synchronization
import Timekeeping

/// Keeps this process under Telegram's sending limits: about 30 messages a second overall and about one a second
/// per chat, with a small burst. A message that cannot go now is given a slot in the future and its job sleeps
/// until then, once: waiting jobs never come back only to find the slot taken by another (a herd of short snoozes
/// is what starved the queue under load). One place in every global slot is kept for videos, so a crowd of
/// conversations never holds a finished video back by more than its own chat's budget. Telegram's own 429 +
/// retry_after remains the authority when several processes share a bot.
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

    /// What is being sent. Videos and messages take their turn in line (the ticket, the job's id, finds the
    /// booked turn again); a refresh of a status message only goes when it leaves a place of the chat's burst
    /// free and the moment has room, so it never books ahead of anything.
    public enum Purpose: Sendable {
        case video(ticket: Int64)
        case message(ticket: Int64)
        case statusRefresh

        /// Whether a wait keeps a turn booked for this send, to be had by asking again with the same ticket.
        var booksATurn: Bool {
            if case .statusRefresh = self { false } else { true }
        }
    }

    private struct State {
        /// Per chat, the theoretical arrival time of the next message (the generic cell rate algorithm).
        var chatNextAt: [Int64: ContinuousClock.Instant] = [:]
        /// Messages booked per global slot, a fifth of a second each.
        var slotCounts: [Int64: Int] = [:]
        /// Booked slots by ticket.
        var reservations: [Int64: ContinuousClock.Instant] = [:]
    }

    /// How long a reservation is kept after its slot; its job may have gone to another process or died.
    private static let reservationGrace: Duration = .seconds(30)
    private static let slotLength: Duration = .milliseconds(200)

    private let limits: Limits
    private let perSlot: Int
    /// Places per global slot open to everything but videos.
    private let perSlotForOthers: Int
    private let now: Now
    private let origin: ContinuousClock.Instant
    private let state = Mutex(State())

    public init(limits: Limits = Limits(), now: @escaping Now = { ContinuousClock.now }) {
        self.limits = limits
        self.now = now
        origin = now()
        perSlot = max(1, Int((limits.globalPerSecond * Self.slotLength.seconds).rounded()))
        perSlotForOthers = max(1, perSlot - 1)
    }

    /// Nil: send now (the slot is taken). Otherwise how long to wait; a video or message keeps its slot and,
    /// asking again with the same ticket when the wait is over, gets it.
    public func acquire(chatID: Int64, for purpose: Purpose) -> Duration? {
        let now = now()
        return state.withLock { state in
            switch purpose {
            case .video(let ticket), .message(let ticket):
                if let booked = state.reservations[ticket] {
                    guard booked > now else {
                        state.reservations[ticket] = nil
                        return nil
                    }
                    return booked - now
                }
                let places = if case .video = purpose { perSlot } else { perSlotForOthers }
                let slot = book(chatID: chatID, places: places, now: now, in: &state)
                guard slot > now else { return nil }
                state.reservations[ticket] = slot
                if state.reservations.count > 10_000 { prune(now: now, in: &state) }
                return slot - now
            case .statusRefresh:
                let sparePlaceFrom = (state.chatNextAt[chatID] ?? now) - limits.perChatInterval * max(0, limits.perChatBurst - 2)
                guard sparePlaceFrom <= now, (state.slotCounts[slotIndex(now)] ?? 0) < perSlotForOthers else {
                    return max(sparePlaceFrom - now, limits.perChatInterval)
                }
                _ = book(chatID: chatID, places: perSlotForOthers, now: now, in: &state)
                return nil
            }
        }
    }

    /// Books the first slot that both the chat and the global budget allow, using at most `places` of a slot.
    private func book(chatID: Int64, places: Int, now: ContinuousClock.Instant, in state: inout State)
        -> ContinuousClock.Instant {
        var slot = earliestChatSlot(chatID: chatID, now: now, in: state)
        var index = slotIndex(slot)
        while (state.slotCounts[index] ?? 0) >= places {
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
        state.reservations = state.reservations.filter { $0.value + Self.reservationGrace > now }
    }

    private func slotIndex(_ instant: ContinuousClock.Instant) -> Int64 {
        Int64((instant - origin).seconds / Self.slotLength.seconds)
    }

    private func start(ofSlot index: Int64) -> ContinuousClock.Instant {
        origin + Self.slotLength * Double(index)
    }
}

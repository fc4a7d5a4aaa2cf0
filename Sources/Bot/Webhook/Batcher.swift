import Foundation

/// Runs the items of concurrent callers together, in batches (group commit): each caller blocks until its item's
/// batch has run. A caller that finds a slot free runs a batch at once, of whatever is waiting, its own item
/// included; callers arriving while every slot is busy wait, and the next slot to free up takes them all together.
/// So a lone item runs without delay, and under load one batch, one transaction and one round trip serve many.
///
/// Items with the same key never share a batch nor run in two at once: the second waits for the first's batch.
/// A batch lists its items in key order, so batches that lock rows by key lock them in the same order.
///
/// `@unchecked Sendable`: `state` and the tickets' mutable fields are only touched while holding `lock`.
final class Batcher<Item: Sendable, Output: Sendable>: @unchecked Sendable {
    private final class Ticket {
        let item: Item
        let key: Int64?
        var output: Output?
        /// Set when a free slot was handed to this waiting caller, until it wakes to take it.
        var isPromoted = false
        let wake = DispatchSemaphore(value: 0)

        init(item: Item, key: Int64?) {
            self.item = item
            self.key = key
        }
    }

    private struct State {
        var waiting: [Ticket] = []
        var running = 0
        var busyKeys: Set<Int64> = []
    }

    private let lock = NSLock()
    private var state = State()
    private let slots: Int
    private let batchLimit: Int
    private let run: @Sendable ([Item]) -> [Output]

    /// `slots`: batches running at once. `run` gets a batch and returns one output per item, in its order.
    init(slots: Int, batchLimit: Int, run: @escaping @Sendable ([Item]) -> [Output]) {
        self.slots = max(1, slots)
        self.batchLimit = max(1, batchLimit)
        self.run = run
    }

    func submit(_ item: Item, key: Int64?) -> Output {
        let ticket = Ticket(item: item, key: key)
        var batch = lock.withLock {
            state.waiting.append(ticket)
            return takeBatch()
        }
        while true {
            if let batch {
                let outputs = run(batch.map(\.item))
                precondition(outputs.count == batch.count, "a batch's run returns one output per item")
                finish(batch, outputs: outputs, by: ticket)
            }
            if let output = lock.withLock({ ticket.output }) { return output }
            ticket.wake.wait()
            batch = lock.withLock {
                ticket.isPromoted = false
                return ticket.output == nil ? takeBatch() : nil
            }
        }
    }

    /// Under the lock: the longest waiting items that may run now, up to `batchLimit`, if a slot is free.
    private func takeBatch() -> [Ticket]? {
        guard state.running < slots else { return nil }
        var batch: [Ticket] = []
        var kept: [Ticket] = []
        for ticket in state.waiting {
            if batch.count < batchLimit, ticket.key.map({ !state.busyKeys.contains($0) }) ?? true {
                if let key = ticket.key { state.busyKeys.insert(key) }
                batch.append(ticket)
            } else {
                kept.append(ticket)
            }
        }
        guard !batch.isEmpty else { return nil }
        state.waiting = kept
        state.running += 1
        return batch.sorted { ($0.key ?? .max) < ($1.key ?? .max) }
    }

    /// Hands each caller its output and the freed slot to the longest waiting caller that may run.
    private func finish(_ batch: [Ticket], outputs: [Output], by caller: Ticket) {
        let woken: [Ticket] = lock.withLock {
            for (ticket, output) in zip(batch, outputs) {
                ticket.output = output
                if let key = ticket.key { state.busyKeys.remove(key) }
            }
            state.running -= 1
            let next = state.waiting.first { ticket in
                !ticket.isPromoted && (ticket.key.map { !state.busyKeys.contains($0) } ?? true)
            }
            next?.isPromoted = true
            return batch.filter { $0 !== caller } + (next.map { [$0] } ?? [])
        }
        for ticket in woken { ticket.wake.signal() }
    }
}

import Foundation
import Synchronization
import Testing
@testable import Bot

/// The webhook's group commit, without a database: batches are recorded, and a gate holds a batch running until
/// the test opens it.
@Suite struct BatcherTests {
    /// What the batches saw: the items of each, in the order they ran, and how many ran at once at most.
    final class Runs: Sendable {
        private let state = Mutex<(batches: [[Int]], running: Int, mostAtOnce: Int)>(([], 0, 0))
        private let gates = Mutex<[Int: DispatchSemaphore]>([:])
        /// What each caller got back, by item.
        let outputs = Mutex<[Int: String]>([:])

        /// A batch holding `item` waits until `open(item)`.
        func gate(_ item: Int) { gates.withLock { $0[item] = DispatchSemaphore(value: 0) } }
        func open(_ item: Int) { _ = gates.withLock { $0[item] }?.signal() }

        func run(_ batch: [Int]) -> [String] {
            state.withLock { state in
                state.batches.append(batch)
                state.running += 1
                state.mostAtOnce = max(state.mostAtOnce, state.running)
            }
            for item in batch { gates.withLock { $0[item] }?.wait() }
            state.withLock { $0.running -= 1 }
            return batch.map { "done \($0)" }
        }

        var batches: [[Int]] { state.withLock { $0.batches } }
        var mostAtOnce: Int { state.withLock { $0.mostAtOnce } }
        func batch(holding item: Int) -> [Int]? { batches.first { $0.contains(item) } }
    }

    /// Submits `item` from a thread of its own; the group is left once its output came back.
    func submit(_ item: Int, key: Int64?, to batcher: Batcher<Int, String>, runs: Runs, group: DispatchGroup) {
        group.enter()
        Thread.detachNewThread {
            let output = batcher.submit(item, key: key)
            runs.outputs.withLock { $0[item] = output }
            group.leave()
        }
    }

    /// Waits until `condition` holds, up to 5 s.
    func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while !condition() {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.002)
        }
        return true
    }

    @Test func aLoneItemRunsAtOnceInABatchOfItsOwn() {
        let runs = Runs()
        let batcher = Batcher<Int, String>(slots: 2, batchLimit: 8) { runs.run($0) }
        #expect(batcher.submit(1, key: 1) == "done 1")
        #expect(runs.batches == [[1]])
    }

    /// A batcher with one slot, held by item 0 (key 100) until `release`, and `items` submitted meanwhile.
    struct HeldSlot {
        let runs = Runs()
        let group = DispatchGroup()

        /// Lets item 0's batch finish; true once every caller got its output.
        func release() -> Bool {
            runs.open(0)
            return group.wait(timeout: .now() + 5) == .success
        }
    }

    func holdingTheOnlySlot(batchLimit: Int = 8, thenSubmitting items: [(item: Int, key: Int64?)]) -> HeldSlot {
        let held = HeldSlot()
        let batcher = Batcher<Int, String>(slots: 1, batchLimit: batchLimit) { [runs = held.runs] in runs.run($0) }
        held.runs.gate(0)
        submit(0, key: 100, to: batcher, runs: held.runs, group: held.group)
        #expect(eventually { held.runs.batches.count == 1 })
        for (item, key) in items { submit(item, key: key, to: batcher, runs: held.runs, group: held.group) }
        Thread.sleep(forTimeInterval: 0.1)
        return held
    }

    @Test func itemsArrivingWhileEverySlotIsBusyRunTogetherInTheNextBatch() {
        let held = holdingTheOnlySlot(thenSubmitting: (1...5).map { ($0, Int64($0)) })
        #expect(held.runs.batches.count == 1, "nothing else runs while the only slot is busy")
        #expect(held.release())
        #expect(held.runs.batches == [[0], [1, 2, 3, 4, 5]])
        #expect(held.runs.outputs.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0...5).map { ($0, "done \($0)") }))
    }

    @Test func aBatchTakesNoMoreThanItsLimitAndTheRestFollow() {
        let held = holdingTheOnlySlot(batchLimit: 3, thenSubmitting: (1...5).map { ($0, Int64($0)) })
        #expect(held.release())
        #expect(held.runs.batches.dropFirst().map(\.count) == [3, 2])
        #expect(Set(held.runs.batches.joined()) == Set(0...5))
    }

    /// Two updates of one seller would read the conversation before either wrote it.
    @Test func itemsWithOneKeyNeverShareABatchNorRunAtOnce() {
        let runs = Runs()
        let batcher = Batcher<Int, String>(slots: 2, batchLimit: 8) { runs.run($0) }
        let group = DispatchGroup()
        runs.gate(1)
        submit(1, key: 7, to: batcher, runs: runs, group: group)
        #expect(eventually { runs.batches.count == 1 })
        submit(2, key: 7, to: batcher, runs: runs, group: group)
        submit(3, key: 8, to: batcher, runs: runs, group: group)
        #expect(eventually { runs.batch(holding: 3) != nil }, "the free slot takes the other seller's item")
        Thread.sleep(forTimeInterval: 0.1)
        #expect(runs.batch(holding: 2) == nil, "the same seller's second item waits for the first")
        runs.open(1)
        #expect(group.wait(timeout: .now() + 5) == .success)
        #expect(runs.batch(holding: 2) == [2])
        #expect(runs.mostAtOnce == 2)
    }

    /// Batches that lock sellers' rows lock them in one order, so two batches never wait for each other in a circle.
    @Test func aBatchListsItsItemsInKeyOrder() {
        let held = holdingTheOnlySlot(thenSubmitting: [(1, 30), (2, nil), (3, 10), (4, 20)])
        #expect(held.release())
        #expect(held.runs.batches.last == [3, 4, 1, 2])
    }

    /// Many callers at once, keys colliding: every one gets its own output, none is left waiting.
    @Test func everyCallerGetsItsOwnOutputUnderContention() {
        let runs = Runs()
        let batcher = Batcher<Int, String>(slots: 3, batchLimit: 5) { runs.run($0) }
        let group = DispatchGroup()
        for item in 0..<200 { submit(item, key: Int64(item % 13), to: batcher, runs: runs, group: group) }
        #expect(group.wait(timeout: .now() + 20) == .success)
        #expect(runs.outputs.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<200).map { ($0, "done \($0)") }))
        #expect(runs.mostAtOnce <= 3)
        for batch in runs.batches {
            #expect(batch.count <= 5)
            #expect(Set(batch.map { $0 % 13 }).count == batch.count, "a key twice in \(batch)")
        }
    }
}

import Dispatch
import Foundation
import KIE
import Sandbox
import Synchronization
import Testing

@Suite struct KIEStandInChaosTests {
    @Test func certainChaosAppliesToEveryTask() throws {
        let harness = try KIETestHarness { $0.chaos = KIEChaos(duplicateCallbackRate: 1, userErrorRate: 1) }
        let first = try harness.create(name: "a")
        let second = try harness.create(name: "b")
        for taskID in [first, second] {
            let callbacks = harness.callbacks(for: taskID, count: 2)
            #expect(callbacks.count == 2)
            #expect(callbacks.allSatisfy { $0.record.failCode == "422" })
        }
        harness.standIn.setChaos(KIEChaos(createErrorRate: 1))
        #expect(throws: KIEError.api(code: 500, message: "Internal Error")) { try harness.create() }
        harness.standIn.setChaos(nil)
        #expect(harness.callbacks(for: try harness.create(name: "c")).first?.succeeded == true)
    }

    /// Many tasks at once from several threads: every one is created and called back exactly once. (Their videos
    /// are the in-code container, as in load runs: a hundred encodes would measure ffmpeg.)
    @Test func aHundredConcurrentTasksAreAllCalledBack() throws {
        let harness = try KIETestHarness { $0.video = .init(useFFmpeg: false) }
        let created = Mutex<[String]>([])
        let failures = Mutex(0)
        let started = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: 100) { index in
            do {
                let id = try harness.create(name: "load-\(index)", prompt: "Scene \(index) of the mug")
                created.withLock { $0.append(id) }
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        let ids = Set(created.withLock { $0 })
        #expect(failures.withLock { $0 } == 0)
        #expect(ids.count == 100)
        let allCalledBack = harness.standIn.waitUntil(timeout: .seconds(60)) { harness.peer.callbacks.count >= 100 }
        #expect(allCalledBack)
        let calledBack = harness.peer.callbacks.compactMap { try? KIECallback(body: $0.body).taskID }
        #expect(Set(calledBack) == ids)
        #expect(calledBack.count == 100)
        print("kie stand-in: 100 concurrent tasks created and called back in \(ContinuousClock.now - started)")
    }
}

import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

extension JobQueueSuite {
    @Suite struct StopTests {
        @Test func stopLetsTheRunningJobFinish() throws {
            let database = try QueueDatabase("stop_finish")
            defer { database.close() }
            let started = Locked(false)
            let workers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: ["slow": { _ in
                started.withLock { $0 = true }
                Thread.sleep(forTimeInterval: 0.5)
                return .done
            }], configuration: testConfiguration(), logger: QueueDatabase.logger)
            try workers.start()
            let id = try #require(try database.enqueue(NewJob(kind: "slow", payload: emptyPayload)))
            #expect(waitUntil { started.withLock { $0 } })

            workers.stop()
            #expect(try database.jobState(id) == "done")
            #expect(try database.scalar("SELECT count(*) FROM jobs WHERE state = 'running'") == 0)
        }

        @Test func stopHandsBackJobsThatOutlastTheTimeoutAndUnstartedOnes() throws {
            let database = try QueueDatabase("stop_hand_back")
            defer { database.close() }
            let release = DispatchSemaphore(value: 0)
            let running = Locked(0)
            let returned = Locked(0)
            var configuration = testConfiguration(workers: 2)
            configuration.stopTimeout = .milliseconds(300)
            let workers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: ["stuck": { _ in
                running.withLock { $0 += 1 }
                release.wait()
                returned.withLock { $0 += 1 }
                return .done
            }], configuration: configuration, logger: QueueDatabase.logger)
            try workers.start()
            var ids: [Int64] = []
            for _ in 0..<3 {
                ids.append(try #require(try database.enqueue(NewJob(kind: "stuck", payload: emptyPayload))))
            }
            #expect(waitUntil { running.withLock { $0 } == 2 })

            workers.stop()
            // Every job is back in the queue as if never claimed: nothing half-claimed, no attempt spent.
            #expect(try database.scalar("""
                SELECT count(*) FROM jobs
                WHERE state = 'available' AND attempt = 0 AND worker_id IS NULL AND leased_until IS NULL
                """) == 3)

            // The abandoned handlers finishing later must not mark the handed-back jobs done.
            release.signal()
            release.signal()
            #expect(waitUntil { returned.withLock { $0 } == 2 })
            #expect(try database.scalar("SELECT count(*) FROM jobs WHERE state = 'available'") == 3)
        }
    }
}

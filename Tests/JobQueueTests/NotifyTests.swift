import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

extension JobQueueSuite {
    @Suite struct NotifyTests {
        @Test func notificationWakesAnIdleWorkerLongBeforeThePoll() throws {
            let database = try QueueDatabase("notify_wake")
            defer { database.close() }
            var configuration = testConfiguration()
            configuration.pollInterval = .seconds(60)  // only a notification can start the job in time
            let startedAt = Locked<ContinuousClock.Instant?>(nil)
            let workers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: ["ping": { _ in
                startedAt.withLock { $0 = .now }
                return .done
            }], configuration: configuration, logger: QueueDatabase.logger)
            try workers.start()
            defer { workers.stop() }
            // Idle: the first claim round has run and the notifier is listening.
            #expect(try waitUntil {
                try database.scalar("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND query LIKE 'LISTEN%' AND state = 'idle'
                    """) == 1
            })

            let enqueuedAt = ContinuousClock.now
            let id = try #require(try database.enqueue(NewJob(kind: "ping", payload: emptyPayload)))
            #expect(try waitUntil(timeout: .seconds(20)) { try database.jobState(id) == "done" })
            let started = try #require(startedAt.withLock { $0 })
            let latency = started - enqueuedAt
            print("NOTIFY wake-up: enqueue to handler start took \(latency)")
            #expect(latency < .seconds(10))
        }
    }
}

import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

extension JobQueueSuite {
    @Suite struct NotifyTests {
        /// Sessions waiting on LISTEN: a pool is idle once its notifier is.
        func idleListeners(_ database: QueueDatabase) throws -> Int {
            try database.scalar("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND query LIKE 'LISTEN%' AND state = 'idle'
                """)
        }

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
            #expect(try waitUntil { try idleListeners(database) == 1 })

            let enqueuedAt = ContinuousClock.now
            let id = try #require(try database.enqueue(NewJob(kind: "ping", payload: emptyPayload)))
            #expect(try waitUntil(timeout: .seconds(20)) { try database.jobState(id) == "done" })
            let started = try #require(startedAt.withLock { $0 })
            let latency = started - enqueuedAt
            print("NOTIFY wake-up: enqueue to handler start took \(latency)")
            #expect(latency < .seconds(10))
        }

        /// The enqueueing transaction does not NOTIFY (that would serialise commits); this process's announcer
        /// does, after the commit, and an idle worker elsewhere starts long before its poll.
        @Test(.timeLimit(.minutes(2)))
        func aJobCommittedHereWakesAnIdleWorkerInAnotherProcess() throws {
            let database = try QueueDatabase("notify_other_process")
            defer { database.close() }
            let other = try WorkerProcess(databaseURL: database.url, options: ["--workers", "2", "--poll-ms", "60000"])
            defer { other.terminate() }
            #expect(try waitUntil { try database.scalar("SELECT count(*) FROM worker_processes") == 1 },
                    "fixture did not start: \(other.output)")
            // This process's pool runs another kind only: it is here to announce.
            let workers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: ["elsewhere": { _ in .done }],
                                     configuration: testConfiguration(), logger: QueueDatabase.logger)
            try workers.start()
            defer { workers.stop() }
            #expect(try waitUntil { try idleListeners(database) == 2 })

            let enqueuedAt = ContinuousClock.now
            let id = try database.pool.transaction { connection in
                try JobQueue.enqueue(NewJob(kind: "record", payload: emptyPayload), on: connection)
            }
            let job = try #require(id)
            #expect(try waitUntil(timeout: .seconds(30)) { try database.jobState(job) == "done" },
                    "fixture output: \(other.output)")
            let latency = ContinuousClock.now - enqueuedAt
            print("cross-process wake-up: enqueue to done took \(latency)")
            #expect(latency < .seconds(20), "started by the other process's poll, not by a notification")
        }
    }
}

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

        /// With no other process running a pool, a NOTIFY would only reach this process's own listener, which the
        /// announcer already woke: none is sent. Once another process is registered, the next look sees it.
        @Test(.timeLimit(.minutes(2)))
        func noNotificationGoesOutWhileNoOtherProcessRunsAPool() throws {
            let database = try QueueDatabase("notify_nobody_else")
            defer { database.close() }
            let ran = Locked(0)
            let workers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: ["ping": { _ in
                ran.withLock { $0 += 1 }
                return .done
            }], configuration: testConfiguration(), logger: QueueDatabase.logger)
            try workers.start()
            defer { workers.stop() }
            let eavesdropper = try PostgresConnection(url: database.url)
            defer { eavesdropper.close() }
            try eavesdropper.listen("jobqueue_available")

            let alone = try database.pool.transaction { try JobQueue.enqueue(NewJob(kind: "ping", payload: emptyPayload), on: $0) }
            #expect(try waitUntil { try database.jobState(try #require(alone)) == "done" })
            #expect(try eavesdropper.waitForNotifications(timeout: .seconds(1)).isEmpty)

            // Its heartbeat stays fresh for the length of the test.
            try database.pool.execute("""
                INSERT INTO worker_processes (id, hostname, pid, workers, heartbeat_at)
                VALUES ($1, 'elsewhere', 1, 1, now() + interval '1 hour')
                """, [UUID()])
            Thread.sleep(forTimeInterval: 2.5)  // past the broadcaster's look at worker_processes
            let shared = try database.pool.transaction { try JobQueue.enqueue(NewJob(kind: "ping", payload: emptyPayload), on: $0) }
            #expect(try waitUntil { try database.jobState(try #require(shared)) == "done" })
            let heard = try eavesdropper.waitForNotifications(timeout: .seconds(5))
            #expect(heard.map(\.payload) == ["ping"])
        }
    }
}

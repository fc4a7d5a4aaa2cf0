import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

extension JobQueueSuite {
    @Suite struct MultiProcessTests {
        @Test(.timeLimit(.minutes(5)))
        func tenThousandJobsOverTwoProcessesRunExactlyOnce() throws {
            let jobCount = 10_000
            let database = try QueueDatabase("multi_process_once")
            defer { database.close() }

            let other = try WorkerProcess(databaseURL: database.url, options: ["--workers", "10", "--poll-ms", "200"])
            defer { other.terminate() }
            #expect(try waitUntil { try database.scalar("SELECT count(*) FROM worker_processes") == 1 },
                    "fixture did not start: \(other.output)")

            var configuration = testConfiguration(workers: 10)
            configuration.leaseDuration = .seconds(30)
            configuration.leaseRenewInterval = .seconds(5)
            let pool = database.pool
            let workers = WorkerPool(pool: pool, listenURL: database.url, handlers: ["record": { job in
                _ = try pool.execute("INSERT INTO executions (job_id, attempt, process) VALUES ($1, $2, 'test')",
                                     [job.id, job.attempt])
                return .done
            }], configuration: configuration, logger: QueueDatabase.logger)
            try workers.start()
            defer { workers.stop() }

            // Enqueued while both processes run, so notifications and claims interleave with work.
            for batch in stride(from: 0, to: jobCount, by: 500) {
                try pool.transaction { connection in
                    for index in batch..<(batch + 500) {
                        try JobQueue.enqueue(try NewJob.json(kind: "record", payload: ["n": index]), on: connection)
                    }
                }
            }

            #expect(try waitUntil(timeout: .seconds(240)) {
                try database.scalar("SELECT count(*) FROM jobs WHERE state = 'done'") == jobCount
            }, "fixture output: \(other.output)")
            #expect(try database.scalar("SELECT count(*) FROM executions") == jobCount)
            #expect(try database.scalar("SELECT count(DISTINCT job_id) FROM executions") == jobCount)
            #expect(try database.scalar("SELECT count(*) FROM jobs WHERE attempt <> 1 OR rescued_count <> 0") == 0)
            let byProcess = try database.pool.query("SELECT process, count(*) AS runs FROM executions GROUP BY process")
            #expect(byProcess.count == 2, "both processes should have run jobs")

            other.terminate()
            #expect(other.waitForExit() == 0, "fixture output: \(other.output)")
            #expect(try database.scalar("SELECT count(*) FROM worker_processes WHERE stopped_at IS NOT NULL") == 1)
        }

        @Test(.timeLimit(.minutes(2)))
        func jobOfKilledWorkerIsRescuedAndCompletedOnce() throws {
            let database = try QueueDatabase("multi_process_rescue")
            defer { database.close() }
            let id = try #require(try database.enqueue(NewJob(kind: "stall", payload: emptyPayload)))

            let doomed = try WorkerProcess(databaseURL: database.url,
                                           options: ["--workers", "2", "--lease-ms", "1500", "--renew-ms", "300"])
            #expect(try waitUntil { try database.scalar("SELECT count(*) FROM executions WHERE job_id = $1", [id]) == 1 },
                    "fixture did not start the job: \(doomed.output)")
            // While its worker lives, the lease keeps being renewed past the original 1.5 s.
            let firstLease = try #require(try database.string("SELECT leased_until::text FROM jobs WHERE id = $1", [id]))
            #expect(try waitUntil {
                try database.scalar("SELECT count(*) FROM jobs WHERE id = $1 AND leased_until > $2::timestamptz",
                                    [id, firstLease]) == 1
            })
            doomed.kill()
            #expect(doomed.waitForExit() != nil)
            #expect(try database.jobState(id) == "running")

            let runs = Locked<[(attempt: Int, rescuedCount: Int)]>([])
            var configuration = testConfiguration()
            configuration.rescueInterval = .milliseconds(100)
            let workers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: ["stall": { job in
                runs.withLock { $0.append((job.attempt, job.rescuedCount)) }
                return .done
            }], configuration: configuration, logger: QueueDatabase.logger)
            try workers.start()
            defer { workers.stop() }

            #expect(try waitUntil { try database.jobState(id) == "done" })
            let seen = runs.withLock { $0 }
            #expect(seen.count == 1)
            #expect(seen.first?.attempt == 2)
            #expect(seen.first?.rescuedCount == 1)
            #expect(try database.scalar("SELECT rescued_count FROM jobs WHERE id = $1", [id]) == 1)
            #expect(try database.string("SELECT last_error FROM jobs WHERE id = $1", [id])?.contains("lease expired") == true)
            // The dead process is visible: never marked stopped, its heartbeat going stale.
            #expect(try database.scalar("SELECT count(*) FROM worker_processes WHERE pid = $1 AND stopped_at IS NULL",
                                        [Int(doomed.pid)]) == 1)
        }
    }
}

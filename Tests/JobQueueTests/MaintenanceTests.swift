import Foundation
import JobQueue
import Postgres
import Testing

extension JobQueueSuite {
    @Suite struct MaintenanceTests {
        @Test func prunerDeletesOnlyFinishedJobsPastRetention() throws {
            let database = try QueueDatabase("maintenance_prune")
            defer { database.close() }
            var ids: [Int64] = []
            for _ in 0..<6 {
                ids.append(try #require(try database.enqueue(NewJob(kind: "old", payload: emptyPayload,
                                                                    runAt: Date().addingTimeInterval(86400)))))
            }
            // Two finished long ago, two finished just now, two still waiting (never pruned, however old).
            _ = try database.pool.execute(
                "UPDATE jobs SET state = 'done', finished_at = now() - interval '2 hours' WHERE id = $1", [ids[0]])
            _ = try database.pool.execute(
                "UPDATE jobs SET state = 'failed', finished_at = now() - interval '2 hours' WHERE id = $1", [ids[1]])
            _ = try database.pool.execute("UPDATE jobs SET state = 'done', finished_at = now() WHERE id = ANY($1::bigint[])",
                                          ["{\(ids[2]),\(ids[3])}"])
            _ = try database.pool.execute("UPDATE jobs SET created_at = now() - interval '3 days'", [])

            var configuration = testConfiguration()
            configuration.retention = .seconds(3600)
            configuration.pruneInterval = .milliseconds(100)
            let workers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: ["old": { _ in .done }],
                                     configuration: configuration, logger: QueueDatabase.logger)
            try workers.start()
            defer { workers.stop() }

            #expect(try waitUntil { try database.scalar("SELECT count(*) FROM jobs") == 4 })
            #expect(try database.scalar("SELECT count(*) FROM jobs WHERE id = ANY($1::bigint[])",
                                        ["{\(ids[0]),\(ids[1])}"]) == 0)
        }

        @Test func processRecordsItselfAndItsHeartbeat() throws {
            let database = try QueueDatabase("maintenance_process")
            defer { database.close() }
            let workers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: ["noop": { _ in .done }],
                                     configuration: testConfiguration(workers: 3), logger: QueueDatabase.logger)
            try workers.start()
            let id = workers.processID

            let row = try #require(try database.pool.query(
                "SELECT hostname, pid, workers, stopped_at IS NULL AS running FROM worker_processes WHERE id = $1",
                [id]).first)
            #expect(try row.decode("pid", as: Int.self) == Int(ProcessInfo.processInfo.processIdentifier))
            #expect(try row.decode("workers", as: Int.self) == 3)
            #expect(try row.decode("running", as: Bool.self))
            #expect(try !row.decode("hostname", as: String.self).isEmpty)

            #expect(try waitUntil {
                try database.scalar("SELECT count(*) FROM worker_processes WHERE id = $1 AND heartbeat_at > started_at",
                                    [id]) == 1
            })
            workers.stop()
            #expect(try database.scalar("SELECT count(*) FROM worker_processes WHERE id = $1 AND stopped_at IS NOT NULL",
                                        [id]) == 1)
        }

        @Test func invalidConfigurationIsRefusedAtStart() throws {
            let database = try QueueDatabase("maintenance_configuration")
            defer { database.close() }
            var configuration = testConfiguration()
            configuration.leaseRenewInterval = configuration.leaseDuration
            let workers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: ["noop": { _ in .done }],
                                     configuration: configuration, logger: QueueDatabase.logger)
            #expect(throws: JobQueueError.self) { try workers.start() }
            let noHandlers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: [:],
                                        configuration: testConfiguration(), logger: QueueDatabase.logger)
            #expect(throws: JobQueueError.self) { try noHandlers.start() }
        }
    }
}

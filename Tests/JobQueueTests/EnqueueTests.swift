import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

extension JobQueueSuite {
    @Suite struct EnqueueTests {
        private struct RollBack: Error {}

        @Test func enqueueInRolledBackTransactionLeavesNoJob() throws {
            let database = try QueueDatabase("enqueue_rollback")
            defer { database.close() }

            #expect(throws: RollBack.self) {
                try database.pool.transaction { connection in
                    _ = try JobQueue.enqueue(NewJob(kind: "email", payload: emptyPayload), on: connection)
                    throw RollBack()
                }
            }
            #expect(try database.scalar("SELECT count(*) FROM jobs") == 0)

            let id = try database.pool.transaction { connection in
                try JobQueue.enqueue(NewJob(kind: "email", payload: emptyPayload), on: connection)
            }
            #expect(id != nil)
            #expect(try database.scalar("SELECT count(*) FROM jobs") == 1)
        }

        @Test func jsonPayloadRoundTripsAndFieldsAreStored() throws {
            struct Greeting: Codable, Equatable { let name: String; let count: Int }
            let database = try QueueDatabase("enqueue_fields")
            defer { database.close() }

            let runAt = Date().addingTimeInterval(3600)
            let job = try NewJob.json(kind: "greet", payload: Greeting(name: "Ada", count: 3), uniqueKey: "greet-ada",
                                      priority: 7, runAt: runAt, maxAttempts: 4)
            let id = try #require(try database.enqueue(job))
            let row = try #require(try database.pool.query("""
                SELECT kind, payload->>'name' AS name, unique_key, priority, max_attempts, state,
                       abs(extract(epoch FROM run_at) - $2) < 0.01 AS run_at_kept
                FROM jobs WHERE id = $1
                """, [id, runAt.timeIntervalSince1970]).first)
            #expect(try row.decode("kind", as: String.self) == "greet")
            #expect(try row.decode("name", as: String.self) == "Ada")
            #expect(try row.decode("unique_key", as: String.self) == "greet-ada")
            #expect(try row.decode("priority", as: Int.self) == 7)
            #expect(try row.decode("max_attempts", as: Int.self) == 4)
            #expect(try row.decode("state", as: String.self) == "available")
            #expect(try row.decode("run_at_kept", as: Bool.self))
        }

        @Test func invalidJobsAreRefused() throws {
            let database = try QueueDatabase("enqueue_invalid")
            defer { database.close() }

            #expect(throws: PostgresError.self) { try database.enqueue(NewJob(kind: "x", payload: Array("not json".utf8))) }
            #expect(throws: PostgresError.self) { try database.enqueue(NewJob(kind: "", payload: emptyPayload)) }
            #expect(throws: JobQueueError.self) {
                try database.enqueue(NewJob(kind: "x", payload: emptyPayload, maxAttempts: 0))
            }
            #expect(try database.scalar("SELECT count(*) FROM jobs") == 0)
        }

        @Test func uniqueKeyHoldsUnderConcurrentEnqueueAndFreesWhenFinished() throws {
            let database = try QueueDatabase("enqueue_unique")
            defer { database.close() }
            let job = NewJob(kind: "digest", payload: emptyPayload, uniqueKey: "user-42")

            let ids = Locked<[Int64?]>([])
            DispatchQueue.concurrentPerform(iterations: 32) { _ in
                let id = try? database.pool.transaction { connection in try JobQueue.enqueue(job, on: connection) }
                ids.withLock { $0.append(id ?? nil) }
            }
            #expect(ids.withLock { $0.count } == 32)
            #expect(ids.withLock { $0.compactMap { $0 }.count } == 1)
            #expect(try database.scalar("SELECT count(*) FROM jobs") == 1)
            // The same key under another kind is another job.
            #expect(try database.enqueue(NewJob(kind: "other", payload: emptyPayload, uniqueKey: "user-42")) != nil)

            let workers = WorkerPool(pool: database.pool, listenURL: database.url,
                                     handlers: ["digest": { _ in .done }], configuration: testConfiguration(),
                                     logger: QueueDatabase.logger)
            try workers.start()
            #expect(try waitUntil { try database.scalar("SELECT count(*) FROM jobs WHERE kind = 'digest' AND state = 'done'") == 1 })
            workers.stop()  // so the next job stays pending while the test checks its key

            let again = try database.enqueue(job)
            #expect(again != nil)
            #expect(try database.enqueue(job) == nil)
        }
    }
}

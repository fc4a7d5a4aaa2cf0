import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

extension JobQueueSuite {
    @Suite struct OutcomeTests {
        /// One handler run as the test saw it.
        struct Run: Sendable {
            let attempt: Int
            let startedAt: ContinuousClock.Instant
        }

        private func startPool(_ database: QueueDatabase, configuration: WorkerPool.Configuration = testConfiguration(),
                               handlers: [String: JobHandler]) throws -> WorkerPool {
            let workers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: handlers,
                                     configuration: configuration, logger: QueueDatabase.logger)
            try workers.start()
            return workers
        }

        @Test func explicitRetryDelayIsRespected() throws {
            let database = try QueueDatabase("outcome_retry_after")
            defer { database.close() }
            let runs = Locked<[Run]>([])
            let workers = try startPool(database, handlers: ["send": { job in
                runs.withLock { $0.append(Run(attempt: job.attempt, startedAt: .now)) }
                return job.attempt == 1 ? .retry(after: .seconds(1), error: "429: retry after 1") : .done
            }])
            defer { workers.stop() }
            let id = try #require(try database.enqueue(NewJob(kind: "send", payload: emptyPayload)))

            #expect(try waitUntil { try database.jobState(id) == "done" })
            let seen = runs.withLock { $0 }
            try #require(seen.count == 2)
            #expect(seen.map(\.attempt) == [1, 2])
            #expect(seen[1].startedAt - seen[0].startedAt >= .milliseconds(990))
            #expect(try database.string("SELECT last_error FROM jobs WHERE id = $1", [id]) == "429: retry after 1")
        }

        @Test func thrownErrorRetriesWithPolicyBackoff() throws {
            struct Upstream: Error {}
            let database = try QueueDatabase("outcome_backoff")
            defer { database.close() }
            var configuration = testConfiguration()
            configuration.retryPolicy = RetryPolicy(base: .milliseconds(400), cap: .seconds(10), jitter: .none)
            let runs = Locked<[Run]>([])
            let workers = try startPool(database, configuration: configuration, handlers: ["fetch": { job in
                runs.withLock { $0.append(Run(attempt: job.attempt, startedAt: .now)) }
                if job.attempt < 3 { throw Upstream() }
                return .done
            }])
            defer { workers.stop() }
            let id = try #require(try database.enqueue(NewJob(kind: "fetch", payload: emptyPayload)))

            #expect(try waitUntil { try database.jobState(id) == "done" })
            let seen = runs.withLock { $0 }
            try #require(seen.count == 3)
            // No jitter: 400 ms after the first failure, 800 ms after the second.
            #expect(seen[1].startedAt - seen[0].startedAt >= .milliseconds(390))
            #expect(seen[2].startedAt - seen[1].startedAt >= .milliseconds(790))
            #expect(try database.string("SELECT last_error FROM jobs WHERE id = $1", [id])?.contains("Upstream") == true)
        }

        @Test func snoozeWaitsWithoutSpendingAnAttempt() throws {
            let database = try QueueDatabase("outcome_snooze")
            defer { database.close() }
            let runs = Locked<[Run]>([])
            let workers = try startPool(database, handlers: ["limited": { job in
                let count = runs.withLock { runs in
                    runs.append(Run(attempt: job.attempt, startedAt: .now))
                    return runs.count
                }
                return count < 3 ? .snooze(.milliseconds(300)) : .done
            }])
            defer { workers.stop() }
            let id = try #require(try database.enqueue(NewJob(kind: "limited", payload: emptyPayload, maxAttempts: 1)))

            #expect(try waitUntil { try database.jobState(id) == "done" })
            let seen = runs.withLock { $0 }
            try #require(seen.count == 3)
            #expect(seen.map(\.attempt) == [1, 1, 1])
            #expect(seen[1].startedAt - seen[0].startedAt >= .milliseconds(290))
            #expect(seen[2].startedAt - seen[1].startedAt >= .milliseconds(290))
            #expect(try database.scalar("SELECT attempt FROM jobs WHERE id = $1", [id]) == 1)
        }

        @Test func aSnoozedJobComesBackWhenDueNotAtTheNextPoll() throws {
            let database = try QueueDatabase("outcome_snooze_wake")
            defer { database.close() }
            var configuration = testConfiguration()
            configuration.pollInterval = .seconds(120)
            let runs = Locked<[Run]>([])
            let workers = try startPool(database, configuration: configuration, handlers: ["limited": { job in
                let count = runs.withLock { runs in
                    runs.append(Run(attempt: job.attempt, startedAt: .now))
                    return runs.count
                }
                return count < 2 ? .snooze(.milliseconds(200)) : .done
            }])
            defer { workers.stop() }
            let id = try #require(try database.enqueue(NewJob(kind: "limited", payload: emptyPayload)))

            // Nothing notifies about a snoozed job; only this process knowing when it is due brings it back.
            #expect(try waitUntil(timeout: .seconds(30)) { try database.jobState(id) == "done" })
            #expect(runs.withLock { $0.count } == 2)
        }

        @Test func failingJobStopsAtMaxAttemptsWithItsError() throws {
            struct Broken: Error, CustomStringConvertible { var description: String { "upstream said no" } }
            let database = try QueueDatabase("outcome_max_attempts")
            defer { database.close() }
            var configuration = testConfiguration()
            configuration.maxAttemptsByKind = ["flaky": 2]
            let runs = Locked<[String: Int]>([:])
            let workers = try startPool(database, configuration: configuration, handlers: [
                "broken": { job in runs.withLock { $0[job.kind, default: 0] += 1 }; throw Broken() },
                "flaky": { job in runs.withLock { $0[job.kind, default: 0] += 1 }; throw Broken() },
                "hopeless": { job in runs.withLock { $0[job.kind, default: 0] += 1 }; return .fail("bad\u{0}input") },
            ])
            defer { workers.stop() }
            let broken = try #require(try database.enqueue(NewJob(kind: "broken", payload: emptyPayload, maxAttempts: 3)))
            let flaky = try #require(try database.enqueue(NewJob(kind: "flaky", payload: emptyPayload)))
            let hopeless = try #require(try database.enqueue(NewJob(kind: "hopeless", payload: emptyPayload)))

            #expect(try waitUntil {
                try [broken, flaky, hopeless].allSatisfy { try database.jobState($0) == "failed" }
            })
            #expect(runs.withLock { $0 } == ["broken": 3, "flaky": 2, "hopeless": 1])
            #expect(try database.scalar("SELECT attempt FROM jobs WHERE id = $1", [broken]) == 3)
            #expect(try database.string("SELECT last_error FROM jobs WHERE id = $1", [broken]) == "upstream said no")
            #expect(try database.string("SELECT last_error FROM jobs WHERE id = $1", [hopeless]) == "bad\u{FFFD}input")
            #expect(try database.scalar("SELECT count(*) FROM jobs WHERE finished_at IS NULL") == 0)
        }

        @Test func delayedJobWaitsForRunAtAndPriorityOrdersDueJobs() throws {
            let database = try QueueDatabase("outcome_run_at")
            defer { database.close() }
            let order = Locked<[String]>([])
            let later = try #require(try database.enqueue(
                NewJob(kind: "step", payload: Array("\"later\"".utf8), runAt: Date().addingTimeInterval(1))))
            try database.enqueue(NewJob(kind: "step", payload: Array("\"low\"".utf8), priority: 0))
            try database.enqueue(NewJob(kind: "step", payload: Array("\"high\"".utf8), priority: 10))

            let started = ContinuousClock.now
            let workers = try startPool(database, configuration: testConfiguration(workers: 1), handlers: ["step": { job in
                let label = try job.decode(String.self)
                order.withLock { $0.append(label) }
                return .done
            }])
            defer { workers.stop() }

            #expect(try waitUntil { try database.jobState(later) == "done" })
            #expect(order.withLock { $0 } == ["high", "low", "later"])
            #expect(ContinuousClock.now - started >= .milliseconds(900))
        }
    }
}

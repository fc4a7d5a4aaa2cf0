import Foundation
@testable import JobQueue
import Postgres
import TestSupport
import Testing

extension JobQueueSuite {
    @Suite struct SequenceBacklogTests {
        /// A chat with a huge backlog (a seller tapping "My videos" for hours) must not cost every claim a walk
        /// over it: only the sequence's head is in the claim index. Statistics are left stale, as a queue's are.
        @Test func aClaimReadsOnlyHeadsWhateverTheBacklogOfASequence() throws {
            let database = try QueueDatabase("sequence_backlog")
            defer { database.close() }
            let enqueued = 1_000, backlog = 100_000
            try database.pool.transaction { connection in
                for _ in 0..<enqueued {
                    try JobQueue.enqueue(NewJob(kind: "message", payload: emptyPayload, sequenceKey: "chat:1"),
                                         on: connection)
                }
                try JobQueue.enqueue(NewJob(kind: "message", payload: emptyPayload), on: connection)
            }
            #expect(try database.scalar("SELECT count(*) FROM jobs WHERE waits_in_sequence") == enqueued - 1)
            // The rest of the backlog as enqueue leaves it, in one statement (a row at a time takes half a minute).
            _ = try database.pool.execute("""
                INSERT INTO jobs (kind, payload, sequence_key, waits_in_sequence)
                SELECT 'message', '{}', 'chat:1', true FROM generate_series(1, $1)
                """, [backlog - enqueued])

            let plan = try explainClaim(on: database, limit: 10)
            #expect(plan.indexes.contains("jobs_claimable"), "the claim did not use its index: \(plan.indexes)")
            #expect(plan.claimed == 2, "one head of the sequence and the job without one")
            #expect(plan.rowsRead <= 20, "the claim read \(plan.rowsRead) rows for 2 claimable jobs")
        }

        /// Jobs enqueued behind a sequence's head while workers finish it: none may be left waiting for a
        /// predecessor that already finished (the insert and the release race on every message to a busy chat).
        @Test func jobsEnqueuedWhileTheirSequenceDrainsAllRun() throws {
            let database = try QueueDatabase("sequence_race")
            defer { database.close() }
            let ran = TestSupport.Locked<Int>(0)
            let workers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: ["message": { _ in
                ran.withLock { $0 += 1 }
                return .done
            }], configuration: testConfiguration(workers: 8), logger: QueueDatabase.logger)
            try workers.start()
            defer { workers.stop() }

            let producers = 6, perProducer = 150
            DispatchQueue.concurrentPerform(iterations: producers) { producer in
                for index in 0..<perProducer {
                    _ = try? database.enqueue(NewJob(kind: "message", payload: emptyPayload,
                                                     sequenceKey: "chat:\(index % 3)"))
                    if index % 10 == producer { Thread.sleep(forTimeInterval: 0.002) }
                }
            }
            let total = producers * perProducer
            #expect(try waitUntil(timeout: .seconds(60)) {
                try database.scalar("SELECT count(*) FROM jobs WHERE state = 'done'") == total
            }, "some jobs never ran: still waiting in their sequence or not written back")
            #expect(ran.withLock { $0 } == total)
        }

        struct ClaimPlan {
            var indexes: Set<String> = []
            var rowsRead = 0
            var claimed = 0
        }

        private func explainClaim(on database: QueueDatabase, limit: Int) throws -> ClaimPlan {
            let rows = try database.pool.transaction { transaction in
                _ = try transaction.query(JobStore.claimPlannerSettings)
                return try transaction.query("EXPLAIN (ANALYZE, FORMAT JSON) " + JobStore.claimStatement,
                                             [SQLArray.text(["message"]), limit, UUID(), 30.0])
            }
            let text = try #require(try rows.first?.decode(at: 0, as: String.self))
            let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
            let root = try #require(document.first?["Plan"] as? [String: Any])
            var plan = ClaimPlan(claimed: root["Actual Rows"] as? Int ?? 0)
            visit(root, into: &plan)
            return plan
        }

        /// Rows every scan of `jobs` produced or threw away: what the claim had to read.
        private func visit(_ node: [String: Any], into plan: inout ClaimPlan) {
            if let index = node["Index Name"] as? String { plan.indexes.insert(index) }
            if (node["Node Type"] as? String)?.hasSuffix("Scan") == true {
                plan.rowsRead += (node["Actual Rows"] as? Int ?? 0) + (node["Rows Removed by Filter"] as? Int ?? 0)
            }
            for child in node["Plans"] as? [[String: Any]] ?? [] { visit(child, into: &plan) }
        }
    }
}

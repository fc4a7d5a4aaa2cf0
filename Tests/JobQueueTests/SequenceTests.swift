import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

extension JobQueueSuite {
    @Suite struct SequenceTests {
        struct Span: Sendable {
            let id: Int64
            let sequence: String?
            let start: ContinuousClock.Instant
            let end: ContinuousClock.Instant
        }

        @Test func jobsSharingASequenceKeyRunOneAtATimeInOrder() throws {
            let database = try QueueDatabase("sequence_order")
            defer { database.close() }
            var ids: [String: [Int64]] = [:]
            for index in 0..<40 {
                let sequence: String? = index % 4 == 3 ? nil : "chat:\(index % 4)"
                let id = try #require(try database.enqueue(NewJob(kind: "message", payload: emptyPayload,
                                                                  sequenceKey: sequence)))
                ids[sequence ?? "none", default: []].append(id)
            }
            let spans = Locked<[Span]>([])
            let sequences = Locked<[Int64: String?]>([:])
            for (key, jobIDs) in ids { for id in jobIDs { sequences.withLock { $0[id] = key == "none" ? nil : key } } }
            let workers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: ["message": { job in
                let start = ContinuousClock.now
                Thread.sleep(forTimeInterval: 0.01)
                let sequence = sequences.withLock { $0[job.id] } ?? nil
                spans.withLock { $0.append(Span(id: job.id, sequence: sequence, start: start, end: .now)) }
                return .done
            }], configuration: testConfiguration(workers: 8), logger: QueueDatabase.logger)
            try workers.start()
            defer { workers.stop() }

            #expect(waitUntil { spans.withLock { $0.count } == 40 })
            let seen = spans.withLock { $0 }
            for key in ["chat:0", "chat:1", "chat:2"] {
                let runs = seen.filter { $0.sequence == key }.sorted { $0.start < $1.start }
                #expect(runs.map(\.id) == ids[key], "jobs of \(key) ran out of order")
                for (earlier, later) in zip(runs, runs.dropFirst()) {
                    #expect(earlier.end <= later.start, "jobs of \(key) overlapped")
                }
            }
            // Jobs without a key are not held back by the sequences.
            #expect(seen.filter { $0.sequence == nil }.count == 10)
        }

        @Test func aFailedJobReleasesItsSequence() throws {
            let database = try QueueDatabase("sequence_failure")
            defer { database.close() }
            let first = try #require(try database.enqueue(NewJob(kind: "step", payload: Array(#"{"fail":true}"#.utf8),
                                                                 sequenceKey: "s")))
            let second = try #require(try database.enqueue(NewJob(kind: "step", payload: emptyPayload, sequenceKey: "s")))
            let workers = WorkerPool(pool: database.pool, listenURL: database.url, handlers: ["step": { job in
                job.id == first ? .fail("broken") : .done
            }], configuration: testConfiguration(), logger: QueueDatabase.logger)
            try workers.start()
            defer { workers.stop() }
            #expect(try waitUntil { try database.jobState(second) == "done" })
            #expect(try database.jobState(first) == "failed")
        }
    }
}

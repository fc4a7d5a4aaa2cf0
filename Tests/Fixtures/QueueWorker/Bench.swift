import Foundation
import JobQueue
import Logging
import Postgres
import TestSupport
import Timekeeping

/// The queue benchmark (bench/queue runs it next to pgbench on the same database):
///
/// 1. throughput: enqueue `--jobs` no-op jobs, then start `--workers` workers and time until all are done;
/// 2. wake-up latency: with the workers idle (waiting on NOTIFY, polling only every second), enqueue `--samples`
///    jobs one at a time and measure claim-to-start (from the job's `run_at`, the database's `now()` at
///    enqueue, to its handler starting).
///
/// The last line is machine-readable: `RESULT jobs_per_second=<x> p50_ms=<x> p99_ms=<x>`.
struct Bench {
    let arguments: FixtureArguments
    let logger: Logger

    func run() throws {
        let url = try arguments.url()
        let jobs = arguments.int("--jobs") ?? 20_000
        let samples = arguments.int("--samples") ?? 200
        var configuration = WorkerPool.Configuration()
        configuration.workers = arguments.int("--workers") ?? 20

        let pool = PostgresPool(configuration: .init(url: url, minConnections: 2, maxConnections: 8,
                                                         acquireTimeout: .seconds(30)),
                                    logger: logger)
        defer { pool.close() }
        try Migrator(pool: pool, logger: logger).apply(JobQueue.migrations)

        let enqueueStart = ContinuousClock.now
        for batchStart in stride(from: 0, to: jobs, by: 1000) {
            try pool.transaction { connection in
                for _ in batchStart..<min(jobs, batchStart + 1000) {
                    try JobQueue.enqueue(NewJob(kind: "noop", payload: Array("{}".utf8)), on: connection)
                }
            }
        }
        let enqueueSeconds = (ContinuousClock.now - enqueueStart).seconds
        print(String(format: "enqueue: %d jobs in %.2f s = %.0f jobs/s (one connection, 1000 per transaction)",
                     jobs, enqueueSeconds, Double(jobs) / enqueueSeconds))

        let recorder = LatencyRecorder()
        let workers = WorkerPool(pool: pool, listenURL: url, handlers: ["noop": { job in
            recorder.record(Date().timeIntervalSince(job.runAt))
            return .done
        }], configuration: configuration, logger: logger)

        let runStart = ContinuousClock.now
        try workers.start()
        defer { workers.stop() }
        try waitForEmptyQueue(pool)
        let runSeconds = (ContinuousClock.now - runStart).seconds
        let jobsPerSecond = Double(jobs) / runSeconds
        print(String(format: "run: %d no-op jobs in %.2f s = %.0f jobs/s (%d workers)",
                     jobs, runSeconds, jobsPerSecond, configuration.workers))

        recorder.reset()
        Thread.sleep(forTimeInterval: 1.5)  // let the fetcher settle into its idle wait
        for _ in 0..<samples {
            let before = recorder.count
            try pool.withConnection { connection in
                _ = try JobQueue.enqueue(NewJob(kind: "noop", payload: Array("{}".utf8)), on: connection)
            }
            let deadline = Date().addingTimeInterval(5)
            while recorder.count == before && Date() < deadline { Thread.sleep(forTimeInterval: 0.0005) }
            Thread.sleep(forTimeInterval: Double.random(in: 0.005...0.02))  // workers back to idle-waiting
        }
        let latencies = recorder.sorted()
        guard !latencies.isEmpty else { throw BenchFailure.noSamples }
        let p50 = percentile(latencies, 0.50) * 1000
        let p99 = percentile(latencies, 0.99) * 1000
        print(String(format: "claim-to-start with idle workers: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)",
                     p50, p99, (latencies.last ?? 0) * 1000, latencies.count))
        print(String(format: "RESULT jobs_per_second=%.0f p50_ms=%.2f p99_ms=%.2f", jobsPerSecond, p50, p99))
    }

    private func waitForEmptyQueue(_ pool: PostgresPool) throws {
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            let rows = try pool.query("SELECT count(*) AS open FROM jobs WHERE state IN ('available', 'running')")
            if try rows.first?.decode("open", as: Int.self) == 0 { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw BenchFailure.timedOut
    }

    private func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }

    enum BenchFailure: Error {
        case noSamples
        case timedOut
    }
}

/// Claim-to-start latencies in seconds, recorded by handlers on the worker threads.
final class LatencyRecorder: Sendable {
    private let values = Locked<[Double]>([])

    func record(_ seconds: Double) { values.withLock { $0.append(seconds) } }
    func reset() { values.withLock { $0.removeAll() } }
    var count: Int { values.withLock { $0.count } }
    func sorted() -> [Double] { values.withLock { $0.sorted() } }
}

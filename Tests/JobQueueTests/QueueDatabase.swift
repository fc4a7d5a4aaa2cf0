import Foundation
import JobQueue
import Logging
import Postgres
import TestSupport

/// A migrated database of its own for one test, with the `executions` table where handlers record each run.
struct QueueDatabase: Sendable {
    static let logger: Logger = {
        var logger = Logger(label: "jobqueue-tests")
        logger.logLevel = .warning
        return logger
    }()

    let url: String
    let pool: PostgresPool

    init(_ name: String, maxConnections: Int = 40) throws {
        url = try TestDatabase.freshDatabase(named: "jobqueue_" + name)
        pool = PostgresPool(configuration: .init(url: url, minConnections: 1, maxConnections: maxConnections,
                                                     acquireTimeout: .seconds(20)),
                                logger: Self.logger)
        try Migrator(pool: pool, logger: Self.logger).apply(JobQueue.migrations)
        _ = try pool.execute(Executions.createTable)
    }

    @discardableResult
    func enqueue(_ job: NewJob) throws -> Int64? {
        try pool.withConnection { try JobQueue.enqueue(job, on: $0) }
    }

    func scalar(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> Int {
        guard let row = try pool.query(sql, parameters).first else { return 0 }
        return try row.decode(at: 0, as: Int?.self) ?? 0
    }

    func string(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> String? {
        try pool.query(sql, parameters).first?.decode(at: 0, as: String?.self)
    }

    func jobState(_ id: Int64) throws -> String? {
        try string("SELECT state FROM jobs WHERE id = $1", [id])
    }

    func close() {
        pool.close()
    }
}

/// The fast intervals tests run with; each test overrides what it studies.
func testConfiguration(workers: Int = 4) -> WorkerPool.Configuration {
    var configuration = WorkerPool.Configuration()
    configuration.workers = workers
    configuration.pollInterval = .milliseconds(100)
    configuration.leaseDuration = .seconds(2)
    configuration.leaseRenewInterval = .milliseconds(500)
    configuration.rescueInterval = .milliseconds(200)
    configuration.processHeartbeatInterval = .milliseconds(200)
    configuration.stateReportInterval = .milliseconds(500)
    configuration.stopTimeout = .seconds(10)
    configuration.retryPolicy = RetryPolicy(base: .milliseconds(10), cap: .milliseconds(100), jitter: .none)
    return configuration
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func waitUntil(timeout: Duration = .seconds(30), _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}

/// An empty JSON payload.
let emptyPayload = Array("{}".utf8)

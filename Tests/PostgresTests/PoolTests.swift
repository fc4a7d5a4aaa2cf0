import Foundation
import Logging
import Postgres
import Testing

@Suite struct PoolTests {
    static let logger = Logger(label: "PoolTests")

    func makePool(max: Int, min: Int = 0, acquireTimeout: Duration = .seconds(5)) throws -> PostgresPool {
        PostgresPool(configuration: .init(url: try SuiteDatabase.url(), minConnections: min, maxConnections: max,
                                          acquireTimeout: acquireTimeout),
                     logger: Self.logger)
    }

    @Test func opensMinimumConnectionsAtStart() throws {
        let pool = try makePool(max: 4, min: 2)
        defer { pool.close() }
        #expect(pool.openConnectionCount == 2)
        #expect(try pool.query("SELECT 1 AS one").first?.decode("one", as: Int.self) == 1)
        #expect(pool.openConnectionCount == 2)
    }

    @Test func neverOpensMoreThanMaxConnections() throws {
        let pool = try makePool(max: 3, acquireTimeout: .seconds(30))
        defer { pool.close() }
        let probe = ConcurrencyProbe()
        let backends = LockedSet()
        DispatchQueue.concurrentPerform(iterations: 12) { _ in
            probe.record {
                try pool.withConnection { connection in
                    probe.enter()
                    defer { probe.leave() }
                    let pid: Int32 = try #require(try connection.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.05)").first)
                        .decode("pid")
                    backends.insert(pid)
                }
            }
        }
        #expect(probe.errors.isEmpty)
        #expect(probe.peak <= 3)
        #expect(probe.completed == 12)
        #expect(backends.count <= 3)
        #expect(pool.openConnectionCount <= 3)
    }

    @Test func acquireTimesOutWhileEveryConnectionIsBusy() throws {
        let pool = try makePool(max: 1, acquireTimeout: .milliseconds(200))
        defer { pool.close() }
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            _ = try? pool.withConnection { _ in
                holding.signal()
                release.wait()
            }
        }
        holder.start()
        holding.wait()
        let start = ContinuousClock.now
        let error = try #require(throws: PostgresError.self) { try pool.query("SELECT 1") }
        let waited = ContinuousClock.now - start
        #expect(error.kind == .poolTimeout)
        #expect(waited >= .milliseconds(200))
        #expect(waited < .seconds(5))
        release.signal()
        try waitUntil("the pool to work again") { (try? pool.query("SELECT 1")) != nil }
    }

    @Test func waitingBorrowerGetsTheReturnedConnection() throws {
        let pool = try makePool(max: 1, acquireTimeout: .seconds(10))
        defer { pool.close() }
        let holding = DispatchSemaphore(value: 0)
        let holder = Thread {
            _ = try? pool.withConnection { connection in
                holding.signal()
                _ = try connection.query("SELECT pg_sleep(0.2)")
            }
        }
        holder.start()
        holding.wait()
        #expect(try pool.query("SELECT 2 AS two").first?.decode("two", as: Int.self) == 2)
    }

    @Test func terminatedIdleBackendIsReplacedTransparently() throws {
        let pool = try makePool(max: 1)
        defer { pool.close() }
        let firstPID: Int32 = try #require(try pool.query("SELECT pg_backend_pid() AS pid").first).decode("pid")
        try terminate(backend: firstPID)
        let secondPID: Int32 = try #require(try pool.query("SELECT pg_backend_pid() AS pid").first).decode("pid")
        #expect(secondPID != firstPID)
        #expect(pool.openConnectionCount == 1)
    }

    @Test func connectionLostDuringUseIsDiscarded() throws {
        let pool = try makePool(max: 1)
        defer { pool.close() }
        let error = try #require(throws: PostgresError.self) {
            try pool.withConnection { connection in
                try connection.execute("SELECT pg_terminate_backend(pg_backend_pid())")
            }
        }
        #expect(error.kind == .connectionFailure)
        #expect(pool.openConnectionCount == 0)
        #expect(try pool.query("SELECT 3 AS three").first?.decode("three", as: Int.self) == 3)
    }

    @Test func connectionLeftInATransactionIsNotReused() throws {
        let pool = try makePool(max: 1)
        defer { pool.close() }
        let firstPID: Int32 = try pool.withConnection { connection in
            try connection.execute("BEGIN")
            return try #require(try connection.query("SELECT pg_backend_pid() AS pid").first).decode("pid")
        }
        let secondPID: Int32 = try #require(try pool.query("SELECT pg_backend_pid() AS pid").first).decode("pid")
        #expect(secondPID != firstPID)
    }

    @Test func listeningConnectionIsUnsubscribedBeforeReuse() throws {
        let pool = try makePool(max: 1)
        defer { pool.close() }
        try pool.withConnection { try $0.listen(SuiteDatabase.uniqueName("pooled")) }
        let channels = try pool.query("SELECT count(*) AS n FROM pg_listening_channels()")
        #expect(try channels.first?.decode("n", as: Int.self) == 0)
    }

    @Test func closedPoolRefusesWork() throws {
        let pool = try makePool(max: 2, min: 1)
        pool.close()
        #expect(pool.openConnectionCount == 0)
        let error = try #require(throws: PostgresError.self) { try pool.query("SELECT 1") }
        #expect(error.kind == .connectionFailure)
    }

    private func terminate(backend pid: Int32) throws {
        let admin = try SuiteDatabase.connect()
        defer { admin.close() }
        try admin.execute("SELECT pg_terminate_backend($1)", [pid])
        try waitUntil("backend \(pid) to exit") {
            try admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid]).isEmpty
        }
    }
}

/// Counts how many borrowers hold a connection at once, and what went wrong.
/// `@unchecked Sendable`: all state is behind `lock`.
final class ConcurrencyProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    private(set) var peak = 0
    private(set) var completed = 0
    private(set) var errors: [any Error] = []

    func enter() { lock.withLock { current += 1; peak = max(peak, current) } }
    func leave() { lock.withLock { current -= 1 } }

    func record(_ body: () throws -> Void) {
        do {
            try body()
            lock.withLock { completed += 1 }
        } catch {
            lock.withLock { errors.append(error) }
        }
    }
}

/// `@unchecked Sendable`: all state is behind `lock`.
final class LockedSet: @unchecked Sendable {
    private let lock = NSLock()
    private var values: Set<Int32> = []
    func insert(_ value: Int32) { _ = lock.withLock { values.insert(value) } }
    var count: Int { lock.withLock { values.count } }
}

import Foundation
import Logging
import Metrics
import Timekeeping

/// A bounded set of `PostgresConnection`s lent to one borrower at a time.
///
/// A connection found broken (a failed query that lost the session, or an idle one the server closed) is
/// discarded and a new one opened on a later acquire, so the pool outlives PostgreSQL restarts: while the
/// server is down every acquire fails at once with `.connectionFailure`, and it works again by itself when the
/// server is back. When all connections are lent out, a borrower waits up to `acquireTimeout`, then gets
/// `.poolTimeout`.
///
/// `@unchecked Sendable`: the mutable state below is only touched while holding `condition`'s lock.
public final class PostgresPool: @unchecked Sendable {
    public let configuration: Configuration
    private let logger: Logger
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    /// Idle + lent + being opened; never above `maxConnections`.
    private var openCount = 0
    private var lentCount = 0
    private var isClosed = false
    /// So an outage is logged once when it starts and once when it ends, not once per failed request.
    private var databaseUnreachable = false

    private let openGauge = Gauge(label: "postgres_pool_connections_open")
    private let lentGauge = Gauge(label: "postgres_pool_connections_in_use")
    private let timeoutCounter = Counter(label: "postgres_pool_acquire_timeouts_total")
    private let discardCounter = Counter(label: "postgres_pool_connections_discarded_total")

    public init(configuration: Configuration, logger: Logger) {
        var configuration = configuration
        configuration.maxConnections = max(1, configuration.maxConnections)
        configuration.minConnections = min(max(0, configuration.minConnections), configuration.maxConnections)
        self.configuration = configuration
        self.logger = logger
        openInitialConnections()
    }

    /// Lends a connection to `body` and takes it back afterwards, discarding it if `body` left it broken or
    /// inside a transaction.
    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try acquire()
        defer { release(connection) }
        return try body(connection)
    }

    @discardableResult
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { try $0.transaction(body) }
    }

    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> [PostgresRow] {
        try withConnection { try $0.query(sql, parameters) }
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> Int {
        try withConnection { try $0.execute(sql, parameters) }
    }

    /// Closes idle connections now and lent ones as they come back; later acquires fail.
    public func close() {
        condition.lock()
        isClosed = true
        let closing = idle
        idle.removeAll()
        openCount -= closing.count
        condition.broadcast()
        condition.unlock()
        closing.forEach { $0.close() }
        updateGauges()
    }

    /// Connections open right now (idle and lent), for tests and diagnostics.
    public var openConnectionCount: Int {
        condition.withLock { openCount }
    }

    private func acquire() throws -> PostgresConnection {
        let deadline = ContinuousClock.now + configuration.acquireTimeout
        condition.lock()
        while true {
            if isClosed {
                condition.unlock()
                throw PostgresError(kind: .connectionFailure, message: "the connection pool is closed")
            }
            if let connection = idle.popLast() {
                lentCount += 1
                condition.unlock()
                if connection.isAliveWhileIdle() {
                    updateGauges()
                    return connection
                }
                discard(connection, reason: "lost while idle")
                condition.lock()
                continue
            }
            if openCount < configuration.maxConnections {
                openCount += 1
                lentCount += 1
                condition.unlock()
                return try openConnection()
            }
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else {
                condition.unlock()
                timeoutCounter.increment()
                throw PostgresError(kind: .poolTimeout, message:
                    "no connection free within \(configuration.acquireTimeout) (all \(configuration.maxConnections) in use)")
            }
            _ = condition.wait(until: Date(timeIntervalSinceNow: remaining.seconds))
        }
    }

    /// Opens a connection for a slot the caller already counted in `openCount` and `lentCount`.
    private func openConnection() throws -> PostgresConnection {
        do {
            let connection = try PostgresConnection(url: configuration.url)
            let recovered = condition.withLock {
                defer { databaseUnreachable = false }
                return databaseUnreachable
            }
            if recovered { logger.notice("database reachable again") }
            updateGauges()
            return connection
        } catch {
            let firstFailure = condition.withLock {
                openCount -= 1
                lentCount -= 1
                condition.signal()
                defer { databaseUnreachable = true }
                return !databaseUnreachable
            }
            if firstFailure { logger.error("database unreachable", metadata: ["error": "\(error)"]) }
            updateGauges()
            throw error
        }
    }

    private func release(_ connection: PostgresConnection) {
        guard connection.resetForReuse() else {
            discard(connection, reason: connection.isHealthy ? "returned inside a transaction" : "connection lost")
            return
        }
        condition.lock()
        lentCount -= 1
        if isClosed {
            openCount -= 1
            condition.unlock()
            connection.close()
        } else {
            idle.append(connection)
            condition.signal()
            condition.unlock()
        }
        updateGauges()
    }

    /// Closes a lent connection and frees its slot so a waiting borrower can open a new one.
    private func discard(_ connection: PostgresConnection, reason: String) {
        connection.close()
        condition.withLock {
            openCount -= 1
            lentCount -= 1
            condition.signal()
        }
        discardCounter.increment()
        logger.info("discarded a database connection", metadata: ["reason": "\(reason)"])
        updateGauges()
    }

    private func openInitialConnections() {
        for _ in 0..<configuration.minConnections {
            do {
                let connection = try PostgresConnection(url: configuration.url)
                condition.withLock {
                    openCount += 1
                    idle.append(connection)
                }
            } catch {
                logger.warning("cannot open database connections at start; will retry on demand",
                               metadata: ["error": "\(error)"])
                condition.withLock { databaseUnreachable = true }
                break
            }
        }
        updateGauges()
    }

    private func updateGauges() {
        let (open, lent) = condition.withLock { (openCount, lentCount) }
        openGauge.record(open)
        lentGauge.record(lent)
    }
}

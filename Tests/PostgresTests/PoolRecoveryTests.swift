import EmbeddedPostgres
import Foundation
import Logging
import Postgres
import TestSupport
import Testing

/// Stops and starts a PostgreSQL server of its own (never the shared one) under a live pool.
@Suite struct PoolRecoveryTests {
    @Test func poolFailsFastWhileTheServerIsDownAndRecoversAfterRestart() throws {
        let cluster = try TestDatabase.throwawayCluster()
        defer { cluster.destroy() }
        let pool = PostgresPool(
            configuration: .init(url: cluster.url(database: "postgres"), minConnections: 2, maxConnections: 4,
                                 acquireTimeout: .seconds(5)),
            logger: Logger(label: "PoolRecoveryTests"))
        defer { pool.close() }
        try pool.execute("CREATE TABLE visits (id serial PRIMARY KEY)")
        try pool.execute("INSERT INTO visits DEFAULT VALUES")

        try cluster.stop()
        for _ in 0..<3 {
            let start = ContinuousClock.now
            let error = try #require(throws: PostgresError.self) { try pool.execute("INSERT INTO visits DEFAULT VALUES") }
            #expect(error.kind == .connectionFailure)
            #expect(ContinuousClock.now - start < .seconds(4))
        }

        try cluster.start()
        try waitUntil("the pool to reach the restarted server") {
            (try? pool.execute("INSERT INTO visits DEFAULT VALUES")) != nil
        }
        #expect(try pool.query("SELECT count(*) AS n FROM visits").first?.decode("n", as: Int.self) == 2)
        #expect(pool.openConnectionCount <= 4)
    }

    @Test func lentConnectionsLostInACrashAreReplaced() throws {
        let cluster = try TestDatabase.throwawayCluster()
        defer { cluster.destroy() }
        let pool = PostgresPool(configuration: .init(url: cluster.url(database: "postgres"), maxConnections: 2),
                                logger: Logger(label: "PoolRecoveryTests"))
        defer { pool.close() }
        let error = try #require(throws: PostgresError.self) {
            try pool.withConnection { connection in
                try cluster.stop(.immediate)
                try cluster.start()
                try connection.execute("SELECT 1")
            }
        }
        #expect(error.kind == .connectionFailure)
        #expect(try pool.query("SELECT 1 AS one").first?.decode("one", as: Int.self) == 1)
    }
}

import Postgres
import Testing

@Suite struct TransactionTests {
    @Test func commitsWhenTheBodyReturns() throws {
        try SuiteDatabase.withIDTable("tx") { connection, table in
            let value = try connection.transaction { tx in
                try tx.execute("INSERT INTO \(table) VALUES ($1)", [1])
                return "done"
            }
            #expect(value == "done")
            let other = try SuiteDatabase.connect()
            defer { other.close() }
            #expect(try SuiteDatabase.ids(other, table) == [1])
        }
    }

    @Test func rollsBackWhenTheBodyThrows() throws {
        try SuiteDatabase.withIDTable("tx") { connection, table in
            #expect(throws: ExpectedFailure.self) {
                try connection.transaction { tx in
                    try tx.execute("INSERT INTO \(table) VALUES ($1)", [1])
                    throw ExpectedFailure()
                }
            }
            #expect(try SuiteDatabase.ids(connection, table) == [])
            try connection.execute("INSERT INTO \(table) VALUES ($1)", [2])
            #expect(try SuiteDatabase.ids(connection, table) == [2])
        }
    }

    @Test func nestedTransactionRollsBackOnlyItsSavepoint() throws {
        try SuiteDatabase.withIDTable("tx") { connection, table in
            try connection.transaction { outer in
                try outer.execute("INSERT INTO \(table) VALUES (1)")
                #expect(throws: PostgresError.self) {
                    try outer.transaction { inner in
                        try inner.execute("INSERT INTO \(table) VALUES (2)")
                        try inner.execute("INSERT INTO \(table) VALUES (1)")  // duplicate: aborts the savepoint
                    }
                }
                try outer.transaction { inner in try inner.execute("INSERT INTO \(table) VALUES (3)") }
            }
            #expect(try SuiteDatabase.ids(connection, table) == [1, 3])
        }
    }

    @Test func outerFailureRollsBackCommittedSavepoints() throws {
        try SuiteDatabase.withIDTable("tx") { connection, table in
            #expect(throws: ExpectedFailure.self) {
                try connection.transaction { outer -> Void in
                    try outer.transaction { inner in try inner.execute("INSERT INTO \(table) VALUES (1)") }
                    throw ExpectedFailure()
                }
            }
            let remaining = try SuiteDatabase.ids(connection, table)
            #expect(remaining.isEmpty)
        }
    }

    @Test func swallowedStatementErrorStillRollsBack() throws {
        try SuiteDatabase.withIDTable("tx") { connection, table in
            let error = try #require(throws: PostgresError.self) {
                try connection.transaction { tx in
                    try tx.execute("INSERT INTO \(table) VALUES (1)")
                    _ = try? tx.execute("INSERT INTO \(table) VALUES (1)")
                }
            }
            #expect(error.sqlState == "25P02")
            #expect(try SuiteDatabase.ids(connection, table) == [])
            #expect(connection.isHealthy)
        }
    }

    // BEGIN travels with the first statement (pipeline mode): these show it still opens the transaction first.

    @Test func theFirstStatementRunsInsideTheTransaction() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let (first, second) = try connection.transaction { tx in
            (try tx.query("SELECT pg_current_xact_id()::text AS xid").first?.decode("xid", as: String.self),
             try tx.query("SELECT pg_current_xact_id()::text AS xid").first?.decode("xid", as: String.self))
        }
        #expect(first != nil && first == second)
        #expect(try connection.query("SELECT pg_current_xact_id()::text AS xid").first?.decode("xid", as: String.self)
                != first)
    }

    @Test func aFailingFirstStatementRollsBackAndTheSessionCarriesOn() throws {
        try SuiteDatabase.withIDTable("tx") { connection, table in
            #expect(throws: PostgresError.self) {
                try connection.transaction { tx in try tx.execute("INSERT INTO \(table) VALUES (1/0)") }
            }
            #expect(connection.isHealthy)
            try connection.transaction { tx in try tx.execute("INSERT INTO \(table) VALUES ($1)", [4]) }
            #expect(try SuiteDatabase.ids(connection, table) == [4])
        }
    }

    @Test func aTransactionWithoutStatementsLeavesTheSessionIdle() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let pid = try #require(try connection.query("SELECT pg_backend_pid() AS pid").first?.decode("pid", as: Int.self))
        var committed = false
        try connection.transaction { tx in tx.afterCommit { committed = true } }
        #expect(committed)
        #expect(throws: ExpectedFailure.self) { try connection.transaction { _ in throw ExpectedFailure() } }
        let observer = try SuiteDatabase.connect()
        defer { observer.close() }
        let state = try observer.query("SELECT state FROM pg_stat_activity WHERE pid = $1", [pid]).first?
            .decode("state", as: String.self)
        #expect(state == "idle")
        #expect(connection.isHealthy)
    }
}

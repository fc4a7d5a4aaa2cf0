import Postgres
import Testing

/// Statements sent together (`queries`, `atCommit`, a transaction's BEGIN) behave as if sent one by one.
@Suite struct PipelineTests {
    final class Log: @unchecked Sendable {
        var entries: [String] = []
    }

    @Test func eachStatementSeesWhatTheOnesBeforeItDid() throws {
        try SuiteDatabase.withIDTable("pipeline") { connection, table in
            let outside = try connection.queries([
                PostgresStatement("INSERT INTO \(table) VALUES ($1)", [1]),
                PostgresStatement("SELECT count(*)::int AS n FROM \(table)"),
            ])
            #expect(try outside[1].first?.decode("n", as: Int.self) == 1)
            let inside = try connection.transaction { tx in
                try tx.queries([
                    PostgresStatement("INSERT INTO \(table) VALUES ($1)", [2]),
                    PostgresStatement("SELECT count(*)::int AS n FROM \(table)"),
                    PostgresStatement("SELECT id FROM \(table) WHERE id = $1", [2]),
                ])
            }
            #expect(try inside[1].first?.decode("n", as: Int.self) == 2)
            #expect(try inside[2].map { try $0.decode("id", as: Int.self) } == [2])
        }
    }

    @Test func outsideATransactionAFailureUndoesOnlyItself() throws {
        try SuiteDatabase.withIDTable("pipeline") { connection, table in
            try connection.execute("INSERT INTO \(table) VALUES (2)")
            let error = try #require(throws: PostgresError.self) {
                try connection.queries([
                    PostgresStatement("INSERT INTO \(table) VALUES ($1)", [1]),
                    PostgresStatement("INSERT INTO \(table) VALUES ($1)", [2]),
                    PostgresStatement("INSERT INTO \(table) VALUES ($1)", [3]),
                ])
            }
            #expect(error.kind == .uniqueViolation)
            #expect(try SuiteDatabase.ids(connection, table) == [1, 2, 3])
            #expect(connection.isHealthy)
        }
    }

    @Test func insideATransactionAFailureFailsTheTransaction() throws {
        try SuiteDatabase.withIDTable("pipeline") { connection, table in
            let error = try #require(throws: PostgresError.self) {
                try connection.transaction { tx in
                    _ = try tx.queries([
                        PostgresStatement("INSERT INTO \(table) VALUES ($1)", [1]),
                        PostgresStatement("INSERT INTO \(table) VALUES ($1)", [1]),
                        PostgresStatement("INSERT INTO \(table) VALUES ($1)", [3]),
                    ])
                }
            }
            #expect(error.kind == .uniqueViolation)
            #expect(try SuiteDatabase.ids(connection, table) == [])
            try connection.transaction { tx in try tx.execute("INSERT INTO \(table) VALUES ($1)", [4]) }
            #expect(try SuiteDatabase.ids(connection, table) == [4])
        }
    }

    @Test func commitWritesRunLastInOrderAndHearTheirRows() throws {
        try SuiteDatabase.withIDTable("pipeline") { connection, table in
            let log = Log()
            try connection.transaction { tx in
                try tx.atCommit(PostgresStatement("INSERT INTO \(table) VALUES ($1) RETURNING id", [1])) { rows in
                    log.entries.append("write \(rows.count)")
                }
                try tx.atCommit(PostgresStatement("INSERT INTO \(table) SELECT max(id) + 1 FROM \(table)"))
                tx.afterCommit { log.entries.append("after commit") }
                #expect(try SuiteDatabase.ids(tx, table) == [], "a commit write waits for the COMMIT")
                try tx.execute("INSERT INTO \(table) VALUES ($1)", [10])
            }
            #expect(try SuiteDatabase.ids(connection, table) == [1, 10, 11])
            #expect(log.entries == ["write 1", "after commit"])
            try connection.atCommit(PostgresStatement("INSERT INTO \(table) VALUES ($1)", [20]))
            #expect(try SuiteDatabase.ids(connection, table) == [1, 10, 11, 20], "outside a transaction it runs at once")
        }
    }

    @Test func commitWritesOfWhatRolledBackAreForgotten() throws {
        try SuiteDatabase.withIDTable("pipeline") { connection, table in
            try connection.transaction { outer in
                try outer.atCommit(PostgresStatement("INSERT INTO \(table) VALUES ($1)", [1]))
                _ = try? outer.transaction { inner in
                    try inner.atCommit(PostgresStatement("INSERT INTO \(table) VALUES ($1)", [2]))
                    throw ExpectedFailure()
                }
            }
            _ = try? connection.transaction { tx in
                try tx.atCommit(PostgresStatement("INSERT INTO \(table) VALUES ($1)", [3]))
                throw ExpectedFailure()
            }
            #expect(try SuiteDatabase.ids(connection, table) == [1])
        }
    }

    @Test func aFailingCommitWriteFailsTheWholeTransaction() throws {
        try SuiteDatabase.withIDTable("pipeline") { connection, table in
            try connection.execute("INSERT INTO \(table) VALUES (1)")
            let log = Log()
            let error = try #require(throws: PostgresError.self) {
                try connection.transaction { tx in
                    try tx.execute("INSERT INTO \(table) VALUES ($1)", [2])
                    try tx.atCommit(PostgresStatement("INSERT INTO \(table) VALUES ($1)", [1])) { _ in
                        log.entries.append("write")
                    }
                    tx.afterCommit { log.entries.append("after commit") }
                }
            }
            #expect(error.kind == .uniqueViolation)
            #expect(try SuiteDatabase.ids(connection, table) == [1])
            #expect(log.entries.isEmpty)
            #expect(connection.isHealthy)
        }
    }
}

import Postgres
import Testing

@Suite struct AfterCommitTests {
    final class Log: @unchecked Sendable {
        var entries: [String] = []
    }

    @Test func actionsRunOnlyOnceTheOutermostTransactionCommits() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let log = Log()
        try connection.transaction { outer in
            outer.afterCommit { log.entries.append("outer") }
            try outer.transaction { inner in inner.afterCommit { log.entries.append("inner") } }
            #expect(log.entries.isEmpty, "a released savepoint is not a commit")
        }
        #expect(log.entries == ["outer", "inner"])
    }

    @Test func actionsOfWhatRolledBackAreForgotten() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let log = Log()
        try connection.transaction { outer in
            outer.afterCommit { log.entries.append("kept") }
            _ = try? outer.transaction { inner in
                inner.afterCommit { log.entries.append("undone savepoint") }
                throw ExpectedFailure()
            }
        }
        _ = try? connection.transaction { tx in
            tx.afterCommit { log.entries.append("undone transaction") }
            throw ExpectedFailure()
        }
        #expect(log.entries == ["kept"])
        connection.afterCommit { log.entries.append("outside a transaction") }
        #expect(log.entries == ["kept", "outside a transaction"])
    }
}

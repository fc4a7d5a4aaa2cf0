import Postgres
import Testing

@Suite struct ErrorMappingTests {
    @Test func constraintViolationsCarryKindSQLStateAndConstraint() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let parent = SuiteDatabase.uniqueName("parent")
        let child = SuiteDatabase.uniqueName("child")
        try connection.execute("CREATE TABLE \(parent) (id int PRIMARY KEY, email text UNIQUE)")
        try connection.execute("""
            CREATE TABLE \(child) (
                id int PRIMARY KEY,
                parent_id int NOT NULL REFERENCES \(parent)(id),
                quantity int CONSTRAINT \(child)_positive CHECK (quantity > 0))
            """)
        defer { _ = try? connection.execute("DROP TABLE \(child), \(parent)") }
        try connection.execute("INSERT INTO \(parent) VALUES (1, 'a@example.com')")

        let unique = try #require(throws: PostgresError.self) {
            try connection.execute("INSERT INTO \(parent) VALUES (2, $1)", ["a@example.com"])
        }
        #expect(unique.kind == .uniqueViolation)
        #expect(unique.sqlState == "23505")
        #expect(unique.constraint == "\(parent)_email_key")

        let foreignKey = try #require(throws: PostgresError.self) {
            try connection.execute("INSERT INTO \(child) VALUES (1, $1, 1)", [99])
        }
        #expect(foreignKey.kind == .foreignKeyViolation)
        #expect(foreignKey.sqlState == "23503")

        let check = try #require(throws: PostgresError.self) {
            try connection.execute("INSERT INTO \(child) VALUES (1, 1, $1)", [0])
        }
        #expect(check.kind == .checkViolation)
        #expect(check.constraint == "\(child)_positive")

        let notNull = try #require(throws: PostgresError.self) {
            try connection.execute("INSERT INTO \(child) VALUES (1, $1, 1)", [Int?.none])
        }
        #expect(notNull.kind == .notNullViolation)

        let syntax = try #require(throws: PostgresError.self) { try connection.execute("SELEC 1") }
        #expect(syntax.kind == .other)
        #expect(syntax.sqlState == "42601")
        #expect(connection.isHealthy)
    }

    @Test func twoSerializableTransactionsProduceSerializationFailure() throws {
        let first = try SuiteDatabase.connect()
        let second = try SuiteDatabase.connect()
        defer { first.close(); second.close() }
        let table = SuiteDatabase.uniqueName("oncall")
        try first.execute("CREATE TABLE \(table) (doctor text PRIMARY KEY, on_call bool NOT NULL)")
        defer { _ = try? first.execute("DROP TABLE \(table)") }
        try first.execute("INSERT INTO \(table) VALUES ('alice', true), ('bob', true)")

        // Write skew: each transaction reads both rows, then takes a different doctor off call.
        for connection in [first, second] {
            try connection.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
            #expect(try connection.query("SELECT count(*) AS n FROM \(table) WHERE on_call").first?.decode("n", as: Int.self) == 2)
        }
        try first.execute("UPDATE \(table) SET on_call = false WHERE doctor = 'alice'")
        try second.execute("UPDATE \(table) SET on_call = false WHERE doctor = 'bob'")
        try first.execute("COMMIT")
        let error = try #require(throws: PostgresError.self) { try second.execute("COMMIT") }
        #expect(error.kind == .serializationFailure)
        #expect(error.sqlState == "40001")
        #expect(second.isHealthy)
    }

    @Test func terminatedBackendIsConnectionFailure() throws {
        let victim = try SuiteDatabase.connect()
        let killer = try SuiteDatabase.connect()
        defer { victim.close(); killer.close() }
        let pid: Int32 = try #require(try victim.query("SELECT pg_backend_pid() AS pid").first).decode("pid")
        #expect(try killer.query("SELECT pg_terminate_backend($1) AS done", [pid]).first?.decode("done", as: Bool.self) == true)
        try waitUntil("backend \(pid) to exit") {
            try killer.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid]).isEmpty
        }
        let error = try #require(throws: PostgresError.self) { try victim.query("SELECT 1") }
        #expect(error.kind == .connectionFailure)
        #expect(!victim.isHealthy)
        let again = try #require(throws: PostgresError.self) { try victim.query("SELECT 1") }
        #expect(again.kind == .connectionFailure)
    }

    @Test func cancelledStatementIsQueryCanceled() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.execute("SET LOCAL statement_timeout = 50")
                try tx.execute("SELECT pg_sleep(5)")
            }
        }
        #expect(error.kind == .queryCanceled)
        #expect(connection.isHealthy)
    }
}

import Postgres
import Testing

@Suite struct PreparedStatementTests {
    func preparedCount(_ connection: PostgresConnection) throws -> Int {
        try connection.query("SELECT count(*)::int AS n FROM pg_prepared_statements").first?.decode("n") ?? -1
    }

    @Test func aStatementWithParametersIsPreparedOnceAndReused() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let before = try preparedCount(connection)
        for value in 1...5 {
            let row = try #require(try connection.query("SELECT $1::int + 1 AS n", [value]).first)
            #expect(try row.decode("n", as: Int.self) == value + 1)
        }
        #expect(try preparedCount(connection) == before + 1)
        _ = try connection.query("SELECT $1::text AS t", ["another"])
        #expect(try preparedCount(connection) == before + 2)
    }

    /// A migration that changes what a prepared statement returns fails its next run once; the one after works.
    @Test func aStatementWhoseTableChangedIsPreparedAfresh() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let table = SuiteDatabase.uniqueName("prepared")
        try connection.execute("CREATE TABLE \(table) (id int PRIMARY KEY)")
        defer { _ = try? connection.execute("DROP TABLE \(table)") }
        try connection.execute("INSERT INTO \(table) VALUES (1)")
        let select = "SELECT * FROM \(table) WHERE id = $1"
        #expect(try connection.query(select, [1]).count == 1)
        try connection.execute("ALTER TABLE \(table) ADD COLUMN note text")
        #expect(throws: PostgresError.self) { try connection.query(select, [1]) }
        let row = try #require(try connection.query(select, [1]).first)
        #expect(try row.decode("note", as: String?.self) == nil)
    }
}

import Foundation
import Postgres
import Testing

@Suite struct ConnectionTests {
    @Test func connectsWithURLAndRunsParameterisedQuery() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        #expect(connection.isHealthy)
        let rows = try connection.query("SELECT $1::int + $2::int AS sum, current_setting('TimeZone') AS zone", [40, 2])
        #expect(try rows.first?.decode("sum", as: Int.self) == 42)
        #expect(try rows.first?.decode("zone", as: String.self) == "UTC")
    }

    @Test func connectsWithKeywordForm() throws {
        let url = try SuiteDatabase.url()
        let keywords: String
        if let components = URLComponents(string: url), components.scheme?.hasPrefix("postgres") == true {
            keywords = [
                "host=\(components.host ?? "127.0.0.1")",
                "port=\(components.port ?? 5432)",
                "user=\(components.user ?? "postgres")",
                components.password.map { "password=\($0)" },
                "dbname=\(components.path.dropFirst())",
            ].compactMap { $0 }.joined(separator: " ")
        } else {
            keywords = url  // DATABASE_URL is itself in keyword form
        }
        let connection = try PostgresConnection(url: keywords)
        defer { connection.close() }
        #expect(try connection.query("SELECT current_database() AS name").first?.decode("name", as: String.self)
            == "nc_test_postgres_tests")
    }

    @Test func userOptionsInTheURLAreKept() throws {
        let base = try SuiteDatabase.url()
        let url = base.contains("://")
            ? base + (base.contains("?") ? "&" : "?") + "options=-c%20statement_timeout%3D1234"
            : base + " options='-c statement_timeout=1234'"
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        #expect(try connection.query("SHOW statement_timeout").first?.decode(at: 0, as: String.self) == "1234ms")
        #expect(try connection.query("SHOW TimeZone").first?.decode(at: 0, as: String.self) == "UTC")
    }

    @Test func refusedConnectionFailsFastWithConnectionFailure() throws {
        let start = ContinuousClock.now
        let error = try #require(throws: PostgresError.self) {
            _ = try PostgresConnection(url: "postgresql://postgres@127.0.0.1:1/postgres")
        }
        #expect(error.kind == .connectionFailure)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func malformedURLIsRejectedWithoutEchoingIt() throws {
        let error = try #require(throws: PostgresError.self) {
            _ = try PostgresConnection(url: "postgresql://user:secret@host:notaport/db")
        }
        #expect(!error.description.contains("secret"))
    }

    @Test func executeReportsAffectedRows() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let table = SuiteDatabase.uniqueName("affected")
        try connection.execute("CREATE TABLE \(table) (id int)")
        #expect(try connection.execute("INSERT INTO \(table) SELECT generate_series(1, $1::int)", [5]) == 5)
        #expect(try connection.execute("DELETE FROM \(table) WHERE id > $1", [2]) == 3)
        #expect(try connection.execute("DROP TABLE \(table)") == 0)
    }

    @Test func closedConnectionThrowsConnectionFailure() throws {
        let connection = try SuiteDatabase.connect()
        connection.close()
        #expect(!connection.isHealthy)
        let error = try #require(throws: PostgresError.self) { try connection.execute("SELECT 1") }
        #expect(error.kind == .connectionFailure)
    }

    @Test func parametersAreNeverInterpolated() throws {
        let connection = try SuiteDatabase.connect()
        defer { connection.close() }
        let hostile = "'; DROP TABLE pg_class; --"
        #expect(try connection.query("SELECT $1::text AS value", [hostile]).first?.decode("value", as: String.self) == hostile)
    }
}

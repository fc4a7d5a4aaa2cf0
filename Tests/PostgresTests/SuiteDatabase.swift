import Foundation
import Postgres
import TestSupport

/// The database this test target works in, created once per test process.
enum SuiteDatabase {
    static func url() throws -> String {
        try TestDatabase.freshDatabase(named: "postgres_tests")
    }

    static func connect() throws -> PostgresConnection {
        try PostgresConnection(url: url())
    }

    /// A table name no other test uses, so tests can run in parallel in one database.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Runs `body` with a fresh one-column table `(id int PRIMARY KEY)` named after `prefix`, dropped afterwards.
    static func withIDTable(_ prefix: String, _ body: (PostgresConnection, String) throws -> Void) throws {
        let connection = try connect()
        defer { connection.close() }
        let table = uniqueName(prefix)
        try connection.execute("CREATE TABLE \(table) (id int PRIMARY KEY)")
        defer { _ = try? connection.execute("DROP TABLE \(table)") }
        try body(connection, table)
    }

    /// The ids in `table`, in order.
    static func ids(_ connection: PostgresConnection, _ table: String) throws -> [Int] {
        try connection.query("SELECT id FROM \(table) ORDER BY id").map { try $0.decode("id") }
    }
}

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
}

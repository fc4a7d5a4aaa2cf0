import EmbeddedPostgres
import Foundation
import Logging

/// Where database tests get their PostgreSQL: `DATABASE_URL` when it is set, otherwise one throwaway cluster
/// per test process, started on first use and stopped at exit.
public enum TestDatabase {
    /// The server's URL: `DATABASE_URL`, or the shared throwaway cluster's.
    public static func url() throws -> String {
        if let configured = ProcessInfo.processInfo.environment["DATABASE_URL"], !configured.isEmpty {
            return configured
        }
        return try sharedCluster.get().url(database: "postgres")
    }

    /// A started cluster of its own, for a test that must stop or crash its server; `destroy()` it when done.
    public static func throwawayCluster() throws -> EmbeddedPostgres {
        var logger = Logger(label: "test-postgres")
        logger.logLevel = .warning
        // Many suites run in parallel, each with its own pool.
        return try EmbeddedPostgres.throwaway(settings: ServerSettings(maxConnections: 200, sharedBuffers: "16MB"),
                                              logger: logger)
    }

    /// A database of its own for one test suite, so suites running in parallel do not see each other's rows.
    ///
    /// The first call for a `name` in this process drops any leftover database of that name and creates it
    /// empty; later calls with the same name return the same URL without touching it, so every test of a suite
    /// may call this freely.
    public static func freshDatabase(named name: String) throws -> String {
        let database = "nc_test_" + String(name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }.prefix(40))
        let serverURL = try url()
        return try databases.withLock { created in
            if let existing = created[database] { return existing }
            try recreateDatabase(named: database, adminURL: serverURL)
            let databaseURL = try replacingDatabase(in: serverURL, with: database)
            created[database] = databaseURL
            return databaseURL
        }
    }

    /// Drops (forcibly disconnecting any session) and creates `name` through `psql` connected to `adminURL`.
    static func recreateDatabase(named name: String, adminURL: String) throws {
        let identifier = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        try ToolCommand.run(EmbeddedPostgres.binary("psql"), [
            "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", adminURL,
            "-c", "DROP DATABASE IF EXISTS \(identifier) WITH (FORCE)",
            "-c", "CREATE DATABASE \(identifier)",
        ])
    }

    /// The same server with another database: the URL's path for `postgres://` URLs; an appended `dbname=`
    /// for the keyword form, where libpq lets the last occurrence of a keyword win.
    static func replacingDatabase(in serverURL: String, with database: String) throws -> String {
        guard serverURL.hasPrefix("postgres://") || serverURL.hasPrefix("postgresql://") else {
            return serverURL + " dbname=\(database)"
        }
        guard var components = URLComponents(string: serverURL) else {
            throw InvalidURL(url: serverURL)
        }
        components.path = "/" + database
        guard let result = components.string else { throw InvalidURL(url: serverURL) }
        return result
    }

    struct InvalidURL: Error, CustomStringConvertible {
        let url: String
        var description: String { "DATABASE_URL is not a valid URL" }
    }

    /// Started lazily (a `static let` initialiser runs once, thread-safely) on the first `url()` call.
    private static let sharedCluster: Result<EmbeddedPostgres, any Error> = Result { try throwawayCluster() }

    private static let databases = LockedDictionary()
}

/// The databases `freshDatabase(named:)` has created in this process.
///
/// `@unchecked Sendable`: `values` is only touched under `lock`.
private final class LockedDictionary: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: String] = [:]

    func withLock<T>(_ body: (inout [String: String]) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&values)
    }
}

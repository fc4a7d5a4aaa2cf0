import Foundation
import Logging
import Postgres
import TestSupport
import Testing

@Suite struct MigratorTests {
    static let logger = Logger(label: "MigratorTests")

    static let migrations = [
        Migration(component: "widgets", version: 1, name: "create widgets", sql: """
            CREATE TABLE widgets (id bigserial PRIMARY KEY, name text NOT NULL);
            CREATE TABLE migration_side_effects (note text NOT NULL);
            """),
        Migration(component: "widgets", version: 2, name: "add colour", sql: """
            ALTER TABLE widgets ADD COLUMN colour text NOT NULL DEFAULT 'red';
            INSERT INTO migration_side_effects VALUES ('widgets 2');
            """),
        Migration(component: "gadgets", version: 1, name: "create gadgets", sql: """
            CREATE TABLE gadgets (widget_id bigint REFERENCES widgets(id));
            INSERT INTO migration_side_effects VALUES ('gadgets 1');
            """),
    ]

    func makePool(_ database: String) throws -> PostgresPool {
        PostgresPool(configuration: .init(url: try TestDatabase.freshDatabase(named: database), minConnections: 0),
                     logger: Self.logger)
    }

    func recorded(_ pool: PostgresPool) throws -> [String] {
        try pool.query("SELECT component, version FROM schema_migrations ORDER BY applied_at, component, version").map {
            "\(try $0.decode("component", as: String.self)) \(try $0.decode("version", as: Int.self))"
        }
    }

    @Test func appliesInOrderOnceAndReportsPending() throws {
        let pool = try makePool("migrator_order")
        defer { pool.close() }
        let migrator = Migrator(pool: pool, logger: Self.logger)
        // Listed out of order: gadgets depends on widgets, and widgets' versions must run ascending.
        let shuffled = [Self.migrations[1], Self.migrations[0], Self.migrations[2]]
        #expect(try migrator.pending(shuffled) == Self.migrations)

        #expect(try migrator.apply(Array(Self.migrations.prefix(1))) == Array(Self.migrations.prefix(1)))
        #expect(try migrator.pending(Self.migrations) == Array(Self.migrations.dropFirst()))
        #expect(try migrator.apply(shuffled) == Array(Self.migrations.dropFirst()))
        #expect(try migrator.pending(Self.migrations) == [])
        #expect(try migrator.apply(Self.migrations) == [])
        #expect(try recorded(pool).sorted() == ["gadgets 1", "widgets 1", "widgets 2"])
        #expect(try pool.query("SELECT colour FROM widgets").isEmpty)
    }

    @Test func concurrentRunnersApplyEachMigrationExactlyOnce() throws {
        let database = "migrator_concurrent"
        let pools = [try makePool(database), try makePool(database)]
        defer { pools.forEach { $0.close() } }
        let results = ResultsBox()
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for pool in pools {
            group.enter()
            Thread {
                defer { group.leave() }
                start.wait()
                results.record { try Migrator(pool: pool, logger: Self.logger).apply(Self.migrations) }
            }.start()
        }
        start.signal()
        start.signal()
        #expect(group.wait(timeout: .now() + 60) == .success)
        #expect(results.errors.isEmpty)
        let applied = results.applied.flatMap { $0 }
        #expect(applied.count == Self.migrations.count)
        #expect(Set(applied.map { "\($0.component) \($0.version)" }) == ["widgets 1", "widgets 2", "gadgets 1"])
        #expect(try recorded(pools[0]).count == 3)
        let notes = try pools[0].query("SELECT note FROM migration_side_effects ORDER BY note")
        #expect(try notes.map { try $0.decode("note", as: String.self) } == ["gadgets 1", "widgets 2"])
    }

    @Test func failingMigrationRollsBackAndIsNotRecorded() throws {
        let pool = try makePool("migrator_failure")
        defer { pool.close() }
        let migrator = Migrator(pool: pool, logger: Self.logger)
        let broken = Migration(component: "widgets", version: 2, name: "half done", sql: """
            CREATE TABLE half_done (id int);
            INSERT INTO widgets (name) VALUES ('should vanish');
            SELECT 1 / 0;
            """)
        let later = Migration(component: "widgets", version: 3, name: "after", sql: "CREATE TABLE after_broken (id int);")
        let list = [Self.migrations[0], broken, later]
        let error = try #require(throws: PostgresError.self) { try migrator.apply(list) }
        #expect(error.sqlState == "22012")
        #expect(try recorded(pool) == ["widgets 1"])
        #expect(try pool.query("SELECT to_regclass('half_done') IS NULL AS gone").first?.decode("gone", as: Bool.self) == true)
        #expect(try pool.query("SELECT to_regclass('after_broken') IS NULL AS gone").first?.decode("gone", as: Bool.self) == true)
        #expect(try pool.query("SELECT count(*) AS n FROM widgets").first?.decode("n", as: Int.self) == 0)
        #expect(try migrator.pending(list) == [broken, later])
        // The advisory lock went back with the connection: another runner is not blocked.
        let other = try makePool("migrator_failure")
        defer { other.close() }
        #expect(try Migrator(pool: other, logger: Self.logger).pending(list).count == 2)
        let locks = try other.query("""
            SELECT count(*) AS n FROM pg_locks
            WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """)
        #expect(try locks.first?.decode("n", as: Int.self) == 0)
    }

    @Test func duplicateVersionsAreRefusedBeforeAnythingRuns() throws {
        let pool = try makePool("migrator_duplicates")
        defer { pool.close() }
        let error = try #require(throws: PostgresError.self) {
            try Migrator(pool: pool, logger: Self.logger).apply([Self.migrations[0], Self.migrations[0]])
        }
        #expect(error.message.contains("listed twice"))
        #expect(try pool.query("SELECT to_regclass('widgets') IS NULL AS absent").first?.decode("absent", as: Bool.self) == true)
    }
}

/// `@unchecked Sendable`: all state is behind `lock`.
final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var applied: [[Migration]] = []
    private(set) var errors: [any Error] = []

    func record(_ body: () throws -> [Migration]) {
        do {
            let result = try body()
            lock.withLock { applied.append(result) }
        } catch {
            lock.withLock { errors.append(error) }
        }
    }
}

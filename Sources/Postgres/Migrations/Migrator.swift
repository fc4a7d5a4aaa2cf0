import Logging

/// Applies `Migration`s and records them in `schema_migrations`.
///
/// Several instances may start at once: a session-level advisory lock makes them take turns, so each
/// migration runs exactly once. Each migration runs in its own transaction together with its bookkeeping row,
/// so a failing one leaves neither its changes nor a record behind.
public struct Migrator: Sendable {
    /// Arbitrary but fixed: every NeuroCards process contends for the same lock.
    static let advisoryLockKey = 7_311_532_004_118_273

    private let pool: PostgresPool
    private let logger: Logger

    public init(pool: PostgresPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// Applies every migration not yet recorded and returns those it applied, in the order applied: components
    /// in the order they first appear in `migrations`, versions ascending within each.
    @discardableResult
    public func apply(_ migrations: [Migration]) throws -> [Migration] {
        let ordered = try Self.ordered(migrations)
        return try pool.withConnection { connection in
            try connection.execute("SELECT pg_advisory_lock($1)", [Self.advisoryLockKey])
            defer { releaseLock(on: connection) }
            try connection.execute(Self.createTable)
            let applied = try Self.appliedVersions(on: connection)
            var newlyApplied: [Migration] = []
            for migration in ordered where !applied.contains(MigrationKey(migration)) {
                try apply(migration, on: connection)
                newlyApplied.append(migration)
            }
            return newlyApplied
        }
    }

    /// The migrations not yet recorded, in the order `apply` would run them (for readiness checks).
    public func pending(_ migrations: [Migration]) throws -> [Migration] {
        let ordered = try Self.ordered(migrations)
        let applied = try pool.withConnection { connection -> Set<MigrationKey> in
            let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
            guard try exists.first?.decode("present", as: Bool.self) == true else { return [] }
            return try Self.appliedVersions(on: connection)
        }
        return ordered.filter { !applied.contains(MigrationKey($0)) }
    }

    private func apply(_ migration: Migration, on connection: PostgresConnection) throws {
        let metadata: Logger.Metadata = [
            "component": "\(migration.component)", "version": "\(migration.version)", "name": "\(migration.name)",
        ]
        do {
            try connection.transaction { transaction in
                try transaction.executeScript(migration.sql)
                try transaction.execute(
                    "INSERT INTO schema_migrations (component, version, name, applied_at) VALUES ($1, $2, $3, now())",
                    [migration.component, migration.version, migration.name])
            }
        } catch {
            logger.error("migration failed; rolled back", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            throw error
        }
        logger.info("migration applied", metadata: metadata)
    }

    /// An unlock that fails means the session is gone, and the lock went with it; the pool discards such a
    /// connection, so it never goes back to the pool still holding the lock.
    private func releaseLock(on connection: PostgresConnection) {
        do {
            try connection.execute("SELECT pg_advisory_unlock($1)", [Self.advisoryLockKey])
        } catch {
            connection.markBroken()
        }
    }

    private static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            component text NOT NULL,
            version int NOT NULL,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (component, version)
        )
        """

    private static func appliedVersions(on connection: PostgresConnection) throws -> Set<MigrationKey> {
        let rows = try connection.query("SELECT component, version FROM schema_migrations")
        return Set(try rows.map { MigrationKey(component: try $0.decode("component"), version: try $0.decode("version")) })
    }

    /// Components in first-appearance order, versions ascending; a repeated (component, version) is a bug in
    /// the list and refused before anything runs.
    static func ordered(_ migrations: [Migration]) throws -> [Migration] {
        var componentOrder: [String: Int] = [:]
        var seen: Set<MigrationKey> = []
        for migration in migrations {
            if componentOrder[migration.component] == nil { componentOrder[migration.component] = componentOrder.count }
            guard seen.insert(MigrationKey(migration)).inserted else {
                throw PostgresError(kind: .other, message:
                    "migration \(migration.component) \(migration.version) is listed twice")
            }
        }
        return migrations.sorted {
            let (left, right) = (componentOrder[$0.component] ?? 0, componentOrder[$1.component] ?? 0)
            return left != right ? left < right : $0.version < $1.version
        }
    }
}

import Foundation
import Sandbox

/// A throwaway PostgreSQL cluster in a temporary directory, driven through `initdb`/`pg_ctl`/`psql`.
///
/// Tests use one shared cluster through `TestDatabase`; a test that must stop or restart the server
/// (the pool's recovery test) creates its own. Every cluster is registered to be stopped and deleted
/// when the process exits, so a failing test does not leave a postmaster behind.
///
/// `@unchecked Sendable`: the only mutable state (`isRunning`) is guarded by `lock`.
public final class PostgresCluster: @unchecked Sendable {
    /// The temporary directory holding the data directory, the socket and the server log.
    public let directory: URL
    public let port: Int
    /// A libpq URL for the `postgres` database as the `postgres` superuser (trust authentication).
    public var url: String { Self.url(port: port, database: "postgres") }

    private let dataDirectory: URL
    private let logFile: URL
    private let lock = NSLock()
    private var isRunning = false

    /// Creates (initdb) and starts a new cluster on a free localhost port.
    public init() throws {
        PostgresCluster.removeStaleClusters()
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(Self.directoryPrefix)\(getpid())-\(UUID().uuidString.prefix(8))")
        dataDirectory = directory.appendingPathComponent("data")
        logFile = directory.appendingPathComponent("server.log")
        port = try FreePort.find()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "\(getpid())".write(to: directory.appendingPathComponent(Self.ownerFileName), atomically: true, encoding: .utf8)
        if ToolCommand.isRoot {
            // initdb refuses to run as root; the whole directory must belong to the server's user.
            _ = try ToolCommand.run("/bin/chown", ["-R", "postgres:postgres", directory.path])
        }
        _ = try ToolCommand.run(Self.binary("initdb"), [
            "-D", dataDirectory.path, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync",
        ], asServerUser: true)
        try appendConfiguration()
        Registry.shared.register(self)
        try start()
    }

    public func start() throws {
        try lock.withLock {
            guard !isRunning else { return }
            _ = try ToolCommand.run(Self.binary("pg_ctl"), [
                "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60", "start",
            ], asServerUser: true)
            isRunning = true
        }
    }

    /// Stops the server. `immediate` aborts like a crash (no shutdown checkpoint); `fast` disconnects clients cleanly.
    public func stop(immediate: Bool = false) throws {
        try lock.withLock {
            guard isRunning else { return }
            _ = try ToolCommand.run(Self.binary("pg_ctl"), [
                "-D", dataDirectory.path, "-m", immediate ? "immediate" : "fast", "-w", "-t", "60", "stop",
            ], asServerUser: true)
            isRunning = false
        }
    }

    public func restart() throws {
        try stop()
        try start()
    }

    /// Stops the server and deletes its directory. Safe to call more than once.
    public func destroy() {
        try? stop(immediate: true)
        try? FileManager.default.removeItem(at: directory)
        Registry.shared.unregister(self)
    }

    /// Creates (or re-creates, empty) a database and returns its URL.
    public func createDatabase(named name: String) throws -> String {
        try TestDatabase.recreateDatabase(named: name, adminURL: url)
        return Self.url(port: port, database: name)
    }

    /// The server log, for a failing test's diagnostics.
    public func serverLog() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    static func url(port: Int, database: String) -> String {
        "postgresql://postgres@127.0.0.1:\(port)/\(database)"
    }

    /// Settings for a fast, disposable test server: durability off, small memory, many connections.
    private func appendConfiguration() throws {
        let settings = """

            # Test cluster settings (written by PostgresCluster).
            listen_addresses = '127.0.0.1'
            port = \(port)
            unix_socket_directories = '\(directory.path)'
            max_connections = 200
            shared_buffers = 16MB
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            log_min_messages = warning
            """
        let config = dataDirectory.appendingPathComponent("postgresql.conf")
        let handle = try FileHandle(forWritingTo: config)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
    }

    static func binary(_ name: String) -> String {
        binDirectory.appendingPathComponent(name).path
    }

    /// `pg_config --bindir` when it names a directory with `pg_ctl`, else Debian's PostgreSQL 15 location.
    private static let binDirectory: URL = {
        if let output = try? ToolCommand.run("/usr/bin/env", ["pg_config", "--bindir"]) {
            let path = output.trimmingCharacters(in: .whitespacesAndNewlines)
            if FileManager.default.isExecutableFile(atPath: path + "/pg_ctl") {
                return URL(fileURLWithPath: path)
            }
        }
        return URL(fileURLWithPath: "/usr/lib/postgresql/15/bin")
    }()

    static let directoryPrefix = "neurocards-testpg-"
    static let ownerFileName = "owner.pid"

    /// Stops and deletes clusters left behind by test processes that died without running their exit handlers.
    private static func removeStaleClusters() {
        let temporary = FileManager.default.temporaryDirectory
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
        for entry in entries where entry.hasPrefix(directoryPrefix) {
            let directory = temporary.appendingPathComponent(entry)
            let ownerFile = directory.appendingPathComponent(ownerFileName)
            guard let text = try? String(contentsOf: ownerFile, encoding: .utf8),
                  let owner = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  kill(owner, 0) != 0, errno == ESRCH
            else { continue }
            _ = try? ToolCommand.run(binary("pg_ctl"), [
                "-D", directory.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop",
            ], asServerUser: true)
            try? FileManager.default.removeItem(at: directory)
        }
    }
}

import Foundation
import LocalPorts
import Logging

/// A PostgreSQL cluster of our own in a local directory, driven through `initdb`/`pg_ctl`/`psql`: the sandbox's,
/// kept between runs, and the tests' throwaway ones. The server listens on 127.0.0.1 only, on a port picked when the
/// cluster is opened, and trusts the `postgres` superuser.
///
/// `@unchecked Sendable`: the only mutable state (`isRunning`) is guarded by `lock`.
public final class EmbeddedPostgres: @unchecked Sendable {
    public enum StopMode: String, Sendable {
        /// Disconnects clients and writes a shutdown checkpoint.
        case fast
        /// Aborts like a crash: no checkpoint, the next start recovers from the WAL.
        case immediate
    }

    public struct SetupError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Holds `data/` and the server log.
    public let directory: String
    public let port: Int
    public let settings: ServerSettings

    private let logger: Logger
    private let lock = NSLock()
    private var isRunning = false
    private var dataDirectory: String { directory + "/data" }
    private var logFile: String { directory + "/postgres.log" }

    /// Opens the cluster in `directory`, creating it when the directory holds none (or deleting it first when
    /// `reset`). A server that a process which died left running there is stopped, so this one owns the cluster.
    /// The server is not started.
    public init(directory: String, settings: ServerSettings, reset: Bool = false, logger: Logger) throws {
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.settings = settings
        self.logger = logger
        port = try FreePort.find()
        try stopLeftoverServer()
        if reset, FileManager.default.fileExists(atPath: self.directory) {
            try FileManager.default.removeItem(atPath: self.directory)
        }
        if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
            try create()
        }
    }

    /// A libpq URL for `database` as the `postgres` superuser.
    public func url(database: String) -> String {
        "postgresql://postgres@127.0.0.1:\(port)/\(database)"
    }

    public func start() throws {
        try lock.withLock {
            guard !isRunning else { return }
            try ToolCommand.run(Self.binary("pg_ctl"), [
                "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", settings.serverOptions(port: port), "start",
            ], asServerUser: true)
            isRunning = true
        }
        logger.info("postgresql started", metadata: ["port": "\(port)", "directory": "\(directory)"])
    }

    public func stop(_ mode: StopMode = .fast) throws {
        try lock.withLock {
            guard isRunning else { return }
            try ToolCommand.run(Self.binary("pg_ctl"), [
                "-D", dataDirectory, "-m", mode.rawValue, "-w", "-t", "60", "stop",
            ], asServerUser: true)
            isRunning = false
        }
        logger.info("postgresql stopped", metadata: ["mode": "\(mode.rawValue)", "directory": "\(directory)"])
    }

    public func createDatabaseIfMissing(named name: String) throws {
        let connection = ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres"]
        let exists = try ToolCommand.run(Self.binary("psql"), connection + [
            "-X", "-d", "postgres", "-tAc",
            "SELECT 1 FROM pg_database WHERE datname = '\(name.replacingOccurrences(of: "'", with: "''"))'",
        ])
        if exists != "1" {
            try ToolCommand.run(Self.binary("createdb"), connection + [name])
        }
    }

    private func create() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if ToolCommand.isRoot {
            // initdb refuses to run as root: the cluster belongs to the server's user, who must reach it.
            try ToolCommand.run("/bin/chown", ["-R", "postgres:postgres", directory])
            do {
                try ToolCommand.run("/usr/bin/test", ["-w", directory], asServerUser: true)
            } catch {
                throw SetupError(description: "the postgres user cannot write \(directory): keep the cluster in a "
                    + "directory every user can enter (not under /root)")
            }
        }
        logger.info("creating a PostgreSQL cluster", metadata: ["directory": "\(directory)"])
        try ToolCommand.run(Self.binary("initdb"), [
            "-D", dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync",
        ], asServerUser: true)
    }

    /// A process that was killed leaves its server running on a port nobody knows.
    private func stopLeftoverServer() throws {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid"),
              (try? ToolCommand.run(Self.binary("pg_ctl"), ["-D", dataDirectory, "status"], asServerUser: true)) != nil
        else { return }
        logger.info("stopping the PostgreSQL server an earlier process left running",
                    metadata: ["directory": "\(directory)"])
        try ToolCommand.run(Self.binary("pg_ctl"), ["-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"],
                            asServerUser: true)
    }
}

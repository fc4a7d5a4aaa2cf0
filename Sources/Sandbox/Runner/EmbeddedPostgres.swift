import Foundation
import Logging

/// The sandbox's own PostgreSQL: a cluster in a local directory, created on first use and kept between runs,
/// started on a free localhost port and stopped with the sandbox. Driven through `initdb`/`pg_ctl`/`psql`.
public final class EmbeddedPostgres: Sendable {
    public struct SetupError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The database the service uses inside the cluster.
    public static let databaseName = "neurocards"

    /// Holds `data/` and the server log.
    public let directory: String
    public let port: Int
    /// A libpq URL for the sandbox's database as the `postgres` superuser (trust authentication, localhost only).
    public var databaseURL: String { "postgresql://postgres@127.0.0.1:\(port)/\(Self.databaseName)" }

    private let logger: Logger
    private var dataDirectory: String { directory + "/data" }
    private var logFile: String { directory + "/postgres.log" }

    /// Creates the cluster if `directory` holds none (or anew when `reset`), stops a server an earlier run left
    /// behind, starts the server on a free port and creates the database.
    public static func start(directory: String, reset: Bool, logger: Logger) throws -> EmbeddedPostgres {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        let cluster = EmbeddedPostgres(directory: absolute, port: try FreePort.find(), logger: logger)
        try cluster.prepareDirectory(reset: reset)
        try cluster.stopLeftoverServer()
        try cluster.startServer()
        try cluster.createDatabaseIfMissing()
        return cluster
    }

    private init(directory: String, port: Int, logger: Logger) {
        self.directory = directory
        self.port = port
        self.logger = logger
    }

    /// Stops the server, letting clients disconnect cleanly. Errors are logged, not thrown: this runs on the
    /// way out.
    public func stop() {
        do {
            try ToolCommand.run(Self.binary("pg_ctl"), ["-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"],
                                asServerUser: true)
            logger.info("postgresql stopped")
        } catch {
            logger.error("postgresql did not stop", metadata: ["error": "\(error)"])
        }
    }

    private func prepareDirectory(reset: Bool) throws {
        let files = FileManager.default
        if reset, files.fileExists(atPath: directory) {
            try? stopLeftoverServer()
            try files.removeItem(atPath: directory)
        }
        guard !files.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return }
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if ToolCommand.isRoot {
            // initdb refuses to run as root: the cluster belongs to the server's user, who must reach it.
            try ToolCommand.run("/bin/chown", ["-R", "postgres:postgres", directory])
            do {
                try ToolCommand.run("/usr/bin/test", ["-w", directory], asServerUser: true)
            } catch {
                throw SetupError(description: "the postgres user cannot write \(directory): run the sandbox from a "
                    + "directory every user can enter (not under /root), or pass --directory")
            }
        }
        logger.info("creating the sandbox's PostgreSQL cluster", metadata: ["directory": "\(directory)"])
        try ToolCommand.run(Self.binary("initdb"), [
            "-D", dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync",
        ], asServerUser: true)
        try appendSettings()
    }

    /// A sandbox is disposable: durability off, localhost only, no unix socket (the port changes every run).
    private func appendSettings() throws {
        let settings = """

            # Sandbox settings (written by neurocards sandbox).
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = 100
            shared_buffers = 32MB
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            log_min_messages = warning

            """
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dataDirectory + "/postgresql.conf"))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
    }

    /// A run that was killed leaves its server running on a port nobody knows; stop it so this run owns the cluster.
    private func stopLeftoverServer() throws {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid"),
              (try? ToolCommand.run(Self.binary("pg_ctl"), ["-D", dataDirectory, "status"], asServerUser: true)) != nil
        else { return }
        logger.info("stopping the PostgreSQL server an earlier sandbox left running")
        try ToolCommand.run(Self.binary("pg_ctl"), ["-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"],
                            asServerUser: true)
    }

    private func startServer() throws {
        try ToolCommand.run(Self.binary("pg_ctl"), [
            "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", "-p \(port)", "start",
        ], asServerUser: true)
        logger.info("postgresql started", metadata: ["port": "\(port)", "directory": "\(directory)"])
    }

    private func createDatabaseIfMissing() throws {
        let connection = ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres"]
        let exists = try ToolCommand.run(Self.binary("psql"), connection + [
            "-d", "postgres", "-tAc", "SELECT 1 FROM pg_database WHERE datname = '\(Self.databaseName)'",
        ])
        if exists != "1" {
            try ToolCommand.run(Self.binary("createdb"), connection + [Self.databaseName])
        }
    }

    static func binary(_ name: String) -> String {
        binDirectory + "/" + name
    }

    /// `PG_BIN`, else `pg_config --bindir` when it names a directory with `pg_ctl`, else Debian's PostgreSQL 15.
    private static let binDirectory: String = {
        let files = FileManager.default
        if let path = ProcessInfo.processInfo.environment["PG_BIN"], files.isExecutableFile(atPath: path + "/pg_ctl") {
            return path
        }
        if let path = try? ToolCommand.run("/usr/bin/env", ["pg_config", "--bindir"]),
           files.isExecutableFile(atPath: path + "/pg_ctl") {
            return path
        }
        return "/usr/lib/postgresql/15/bin"
    }()
}

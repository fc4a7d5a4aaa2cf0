import Foundation

extension EmbeddedPostgres {
    /// The path of one of PostgreSQL's programs (`initdb`, `pg_ctl`, `psql`, `createdb`…).
    public static func binary(_ name: String) -> String {
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

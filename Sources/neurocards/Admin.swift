import App
import ArgumentParser
import Domain
import Foundation
import Logging
import Postgres

/// `neurocards admin …`: the operators' chat commands for a shell on the server. Each subcommand runs the function
/// its chat command runs, against PostgreSQL (and KIE, for `stats`), and prints the same answer; a refusal also
/// ends with exit status 1.
struct Admin: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Operator tools: the chat's /stats, /grant, /user and /refund from a shell.",
        subcommands: [AdminStats.self, AdminGrant.self, AdminUser.self, AdminRefund.self])
}

/// Options every `admin` subcommand shares.
struct AdminOptions: ParsableArguments {
    @OptionGroup var configuration: ConfigurationOptions

    @Option(help: "The language of the answer: en or ru.")
    var language = "en"

    func validate() throws {
        guard Language(rawValue: language) != nil else { throw ValidationError("--language must be en or ru") }
    }

    var texts: Texts { (Language(rawValue: language) ?? .en).texts }
}

/// Runs `body` on the configured database once it is fully migrated (a grant needs migration 5's columns).
func withMigratedDatabase<T>(_ configuration: AppConfiguration, _ body: (PostgresPool) throws -> T) throws -> T {
    let logger = Logger(label: "neurocards")
    let pool = PostgresPool(configuration: .init(url: configuration.databaseURL, maxConnections: 2), logger: logger)
    defer { pool.close() }
    let pending = try Migrator(pool: pool, logger: logger).pending(Schema.migrations)
    guard pending.isEmpty else {
        FileHandle.standardError.write(Data("\(pending.count) migrations pending: run neurocards migrate first\n".utf8))
        throw ExitCode.failure
    }
    return try body(pool)
}

/// The operator a shell command acts for: `--operator`, else the first of ADMIN_IDS.
func resolveOperator(_ explicit: Int64?, _ configuration: AppConfiguration) throws -> Int64 {
    guard let id = explicit ?? configuration.adminIDs.first else {
        throw ValidationError("pass --operator or set ADMIN_IDS: the operator is recorded and told the outcome")
    }
    return id
}

/// Prints the answer; a refusal ends with exit status 1, so scripts can tell.
func answer(_ text: String, succeeded: Bool) throws {
    print(text)
    if !succeeded { throw ExitCode.failure }
}

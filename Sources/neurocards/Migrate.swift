import App
import ArgumentParser
import Logging
import Postgres

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        let configuration = try loadConfiguration(options)
        let logger = Logger(label: "neurocards")
        let pool = PostgresPool(configuration: .init(url: configuration.databaseURL, maxConnections: 2), logger: logger)
        defer { pool.close() }
        let applied = try Migrator(pool: pool, logger: logger).apply(Schema.migrations)
        print(applied.isEmpty
              ? "database is up to date"
              : applied.map { "applied \($0.component) \($0.version): \($0.name)" }.joined(separator: "\n"))
    }
}

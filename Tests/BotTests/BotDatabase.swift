import Bot
import JobQueue
import Logging
import Postgres
import TestSupport

/// A database of the suite's own with the queue's and the bot's tables.
enum BotDatabase {
    static func pool(named name: String) throws -> PostgresPool {
        let pool = PostgresPool(configuration: .init(url: try TestDatabase.freshDatabase(named: name)), logger: logger)
        try Migrator(pool: pool, logger: logger).apply(JobQueue.migrations + AppSchema.migrations)
        return pool
    }

    static var logger: Logger {
        var logger = Logger(label: "bot-tests")
        logger.logLevel = .warning
        return logger
    }
}

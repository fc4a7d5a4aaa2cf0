import Bot
import JobQueue
import Postgres

/// Every migration the service needs, in the order they apply: the queue's tables, then the bot's.
public enum Schema {
    public static let migrations: [Migration] = JobQueue.migrations + AppSchema.migrations
}

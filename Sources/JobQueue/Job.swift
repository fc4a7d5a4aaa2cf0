import Foundation

/// A claimed job as its handler sees it.
public struct Job: Sendable {
    public let id: Int64
    public let kind: String
    /// The JSON document it was enqueued with.
    public let payload: [UInt8]
    /// 1 on the first run; a snooze gives its attempt back.
    public let attempt: Int
    /// The job's own limit, or the worker pool's setting for its kind.
    public let maxAttempts: Int
    public let uniqueKey: String?
    public let priority: Int
    public let createdAt: Date
    /// When it became due (the database's clock).
    public let runAt: Date
    /// The error the previous attempt ended with, if any.
    public let lastError: String?
    /// How many times the rescuer returned it to the queue after a worker lost it.
    public let rescuedCount: Int

    public init(id: Int64, kind: String, payload: [UInt8], attempt: Int, maxAttempts: Int, uniqueKey: String?,
                priority: Int, createdAt: Date, runAt: Date, lastError: String?, rescuedCount: Int) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.uniqueKey = uniqueKey
        self.priority = priority
        self.createdAt = createdAt
        self.runAt = runAt
        self.lastError = lastError
        self.rescuedCount = rescuedCount
    }

    /// The payload decoded from JSON.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(type, from: Data(payload))
    }
}

/// Runs one job and says how it went. A thrown error counts as `.retry` with the pool's backoff (or `.fail`
/// once the job has used its attempts).
public typealias JobHandler = @Sendable (Job) throws -> JobOutcome

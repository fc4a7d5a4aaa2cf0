import Foundation

/// A job to be enqueued: what to do (`kind` names the handler), with what (a JSON payload), and when.
public struct NewJob: Sendable {
    /// Names the handler that runs the job.
    public var kind: String
    /// The job's arguments as a JSON document (stored as jsonb, so it must be valid JSON).
    public var payload: [UInt8]
    /// While a job of the same kind with this key is pending or running, enqueueing another is a no-op.
    public var uniqueKey: String?
    /// Higher runs first among jobs that are due.
    public var priority: Int
    /// Not before this moment; nil means now (the database's clock).
    public var runAt: Date?
    /// nil leaves it to the worker pool's setting for the kind.
    public var maxAttempts: Int?
    /// Jobs sharing a sequence key run one at a time, in the order they were enqueued (messages to one chat).
    public var sequenceKey: String?

    public init(kind: String, payload: [UInt8], uniqueKey: String? = nil, priority: Int = 0,
                runAt: Date? = nil, maxAttempts: Int? = nil, sequenceKey: String? = nil) {
        self.kind = kind
        self.payload = payload
        self.uniqueKey = uniqueKey
        self.priority = priority
        self.runAt = runAt
        self.maxAttempts = maxAttempts
        self.sequenceKey = sequenceKey
    }

    /// A job whose payload is `payload` encoded as JSON.
    public static func json<T: Encodable>(kind: String, payload: T, uniqueKey: String? = nil, priority: Int = 0,
                                          runAt: Date? = nil, maxAttempts: Int? = nil,
                                          sequenceKey: String? = nil) throws -> NewJob {
        NewJob(kind: kind, payload: Array(try JSONEncoder().encode(payload)), uniqueKey: uniqueKey,
               priority: priority, runAt: runAt, maxAttempts: maxAttempts, sequenceKey: sequenceKey)
    }
}

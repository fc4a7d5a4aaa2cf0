/// A misuse of the queue's API, reported before anything reaches the database.
public enum JobQueueError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidJob(String)
    case invalidConfiguration(String)
    case alreadyStarted

    public var description: String {
        switch self {
        case .invalidJob(let reason): "invalid job: \(reason)"
        case .invalidConfiguration(let reason): "invalid worker pool configuration: \(reason)"
        case .alreadyStarted: "the worker pool was already started"
        }
    }
}

/// A failure reported by PostgreSQL, by libpq, by the pool or by value decoding.
///
/// `kind` is what callers branch on (retry a serialization failure, report a duplicate, fail fast while the
/// database is down); `sqlState` and `message` are PostgreSQL's own words for logs.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case uniqueViolation
        case foreignKeyViolation
        case checkViolation
        case notNullViolation
        case serializationFailure
        case deadlockDetected
        case queryCanceled
        /// The server is unreachable or the session was lost; the connection is unusable.
        case connectionFailure
        /// Every pooled connection stayed busy past the pool's acquire timeout.
        case poolTimeout
        /// A column's value could not be turned into the requested Swift type (or a parameter into text).
        case decoding
        case other
    }

    public let kind: Kind
    /// The five-character SQLSTATE, when PostgreSQL sent one.
    public let sqlState: String?
    public let message: String
    /// The violated constraint's name, when PostgreSQL reports one (`PG_DIAG_CONSTRAINT_NAME`).
    public let constraint: String?

    public init(kind: Kind, sqlState: String? = nil, message: String, constraint: String? = nil) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.constraint = constraint
    }

    /// Builds an error from a SQLSTATE, choosing the kind callers branch on.
    init(sqlState: String?, message: String, constraint: String?) {
        self.init(kind: Self.kind(forSQLState: sqlState), sqlState: sqlState, message: message, constraint: constraint)
    }

    public var description: String {
        var text = "PostgreSQL \(kind)"
        if let sqlState { text += " (\(sqlState))" }
        text += ": \(message)"
        if let constraint { text += " [constraint \(constraint)]" }
        return text
    }

    static func kind(forSQLState sqlState: String?) -> Kind {
        guard let sqlState else { return .other }
        switch sqlState {
        case "23505": return .uniqueViolation
        case "23503": return .foreignKeyViolation
        case "23514": return .checkViolation
        case "23502": return .notNullViolation
        case "40001": return .serializationFailure
        case "40P01": return .deadlockDetected
        case "57014": return .queryCanceled
        // admin_shutdown, crash_shutdown, cannot_connect_now: the server is going away or not there yet.
        case "57P01", "57P02", "57P03": return .connectionFailure
        default: return sqlState.hasPrefix("08") ? .connectionFailure : .other
        }
    }
}

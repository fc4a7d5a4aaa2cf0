extension PostgresPool {
    public struct Configuration: Sendable {
        /// `postgres://` URL or keyword string, as `PostgresConnection(url:)` takes it.
        public var url: String
        /// Connections opened when the pool starts (best effort: a database that is down is not an error yet).
        public var minConnections: Int
        /// The most connections open at once, lent or idle.
        public var maxConnections: Int
        /// How long a borrower waits for a connection while all `maxConnections` are lent out.
        public var acquireTimeout: Duration

        public init(url: String, minConnections: Int = 1, maxConnections: Int = 10, acquireTimeout: Duration = .seconds(5)) {
            self.url = url
            self.minConnections = minConnections
            self.maxConnections = maxConnections
            self.acquireTimeout = acquireTimeout
        }
    }
}

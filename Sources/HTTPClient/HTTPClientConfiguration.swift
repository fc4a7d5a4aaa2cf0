extension HTTPClient {
    public struct Configuration: Sendable {
        /// Limit on resolving, TCP connect and the TLS handshake.
        public var connectTimeout: Duration
        /// Limit on the whole exchange, connect included; a request may override it.
        public var timeout: Duration
        /// Largest response body `send` accepts; a request may override it.
        public var maxResponseBytes: Int
        public var userAgent: String
        /// How many idle libcurl handles (each with its kept-alive connections) are kept for reuse. Size it
        /// to the number of threads that call the client at once.
        public var maxIdleHandles: Int

        public init(
            connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(30),
            maxResponseBytes: Int = 16 << 20, userAgent: String = "neurocards", maxIdleHandles: Int = 16
        ) {
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.maxResponseBytes = maxResponseBytes
            self.userAgent = userAgent
            self.maxIdleHandles = maxIdleHandles
        }
    }
}

import Glibc

/// Everything the server can be tuned by. Every limit and timeout is configurable so tests can shrink them.
public struct HTTPServerConfiguration: Sendable {
    public var address: ListenAddress
    /// Threads that run handlers; bounds how many handlers run at once.
    public var handlerThreads: Int
    /// Threads that run epoll loops (accept, read, parse, flush); one per core suits this server.
    public var ioThreads: Int
    /// Connections beyond this are answered 503 and closed at once.
    public var maxConnections: Int
    public var maxRequestLineBytes: Int
    public var maxHeaderBytes: Int
    public var maxHeaderCount: Int
    /// The body limit of routes that do not set their own.
    public var defaultBodyLimit: Int
    /// From the first byte of a request until its head is complete (then 408 and close).
    public var headerTimeout: Duration
    /// The longest pause between body bytes (then 408 and close).
    public var bodyTimeout: Duration
    /// How long a keep-alive connection may wait for its next request (then closed silently).
    public var idleTimeout: Duration
    /// The longest a response write may make no progress (then the connection is closed).
    public var writeTimeout: Duration
    /// How long `shutdown()` lets in-flight requests finish before closing everything.
    public var shutdownGracePeriod: Duration

    public init(
        address: ListenAddress = .tcp(host: "127.0.0.1", port: 8080),
        handlerThreads: Int = 16,
        ioThreads: Int = HTTPServerConfiguration.defaultIOThreads,
        maxConnections: Int = 4096,
        maxRequestLineBytes: Int = 8192,
        maxHeaderBytes: Int = 32768,
        maxHeaderCount: Int = 100,
        defaultBodyLimit: Int = 1 << 20,
        headerTimeout: Duration = .seconds(10),
        bodyTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        writeTimeout: Duration = .seconds(10),
        shutdownGracePeriod: Duration = .seconds(10)
    ) {
        self.address = address
        self.handlerThreads = handlerThreads
        self.ioThreads = ioThreads
        self.maxConnections = maxConnections
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.defaultBodyLimit = defaultBodyLimit
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
    }

    /// One I/O thread per two cores, at most four. Parsing is cheap next to the handlers, and on a
    /// 2-core machine one I/O thread measured clearly faster than two (fewer threads contend for the
    /// cores that also run the handlers).
    public static var defaultIOThreads: Int {
        max(1, min(4, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) / 2))
    }

    var headLimits: HeadLimits {
        HeadLimits(maxRequestLineBytes: maxRequestLineBytes, maxHeaderBytes: maxHeaderBytes, maxHeaderCount: maxHeaderCount)
    }
}

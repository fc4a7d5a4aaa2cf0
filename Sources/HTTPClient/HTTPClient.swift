/// Blocking HTTP client over libcurl, safe to share between any number of threads.
///
/// Each call borrows an easy handle from a small pool, so kept-alive connections are reused across calls
/// without two calls ever sharing a handle. Only http and https are spoken; redirects are never followed.
public final class HTTPClient: Sendable {
    public let configuration: Configuration
    private let pool: EasyHandlePool

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        pool = EasyHandlePool(capacity: configuration.maxIdleHandles)
    }

    /// Sends `request` and returns the response, whatever its status; use `requireSuccess()` to insist on 2xx.
    public func send(_ request: HTTPClientRequest) throws -> HTTPClientResponse {
        let state = TransferState(
            destination: .memory,
            bodyLimit: request.maxResponseBytes ?? configuration.maxResponseBytes,
            checksDeclaredLength: request.method != "HEAD"
        )
        let status = try perform(request, collectingInto: state)
        return HTTPClientResponse(status: status, headers: state.headers, body: state.body)
    }

    /// Streams the response body to `path`, replacing any file there only once the whole body has arrived.
    /// The returned response has an empty body. Throws `.status` (with the start of the error body) for a
    /// non-2xx status and `.tooLarge` when the body is, or is declared to be, larger than `maxBytes`; after
    /// any failure nothing is left at or beside `path` (a file already there stays as it was).
    /// `maxBytes` is the only size cap here; `request.maxResponseBytes` is ignored.
    public func download(_ request: HTTPClientRequest, to path: String, maxBytes: Int) throws -> HTTPClientResponse {
        let file = try DownloadFile(finalPath: path)
        defer { file.discard() }
        let state = TransferState(destination: .file(file), bodyLimit: maxBytes, checksDeclaredLength: request.method != "HEAD")
        let status = try perform(request, collectingInto: state)
        guard (200..<300).contains(status) else { throw HTTPClientError.status(code: status, body: state.body) }
        try file.commit()
        return HTTPClientResponse(status: status, headers: state.headers, body: [])
    }

    private func perform(_ request: HTTPClientRequest, collectingInto state: TransferState) throws -> Int {
        try CurlGlobal.ensureInitialized()
        let handle = try pool.acquire()
        defer { pool.release(handle) }
        let transfer = Transfer(
            handle: handle,
            request: request,
            connectTimeout: configuration.connectTimeout,
            totalTimeout: request.timeout ?? configuration.timeout,
            userAgent: configuration.userAgent
        )
        return try transfer.run(collectingInto: state)
    }
}

import Glibc

/// One client connection: its buffers, the request being received and the response being sent.
///
/// Threading: an I/O thread reads and parses; a handler thread runs the handler and writes the response
/// straight to the socket, falling back to the I/O thread (EPOLLOUT) only when the socket is full. All
/// state below is guarded by `lock`, and every use of `fd` happens under it after checking `phase`. Only
/// the owning event loop closes `fd`, so its fd-to-connection table never points at a reused descriptor.
final class Connection: @unchecked Sendable {
    enum Phase {
        case awaitingHead
        case readingBody
        case handling
        case writing
        /// Our side is shut for writing; reading and discarding until the peer closes or the linger ends.
        case lingering
        case closed
    }

    private enum TimeoutAction {
        case closeSilently
        case answerRequestTimeout
        case close
    }

    /// Bytes of pipelined requests buffered while a response is outstanding, before reading pauses.
    static let pipelineBufferLimit = 64 * 1024
    static let readChunkBytes = 16 * 1024
    static let maxDiscardReadsPerEvent = 64

    let fd: Int32
    let remoteAddress: String
    let loop: EventLoop
    private let context: ServerContext
    private let lock = Lock()

    private var phase = Phase.awaitingHead
    private var inbound: [UInt8] = []
    /// Start of the bytes not yet consumed by a request.
    private var readIndex = 0
    private var scanner = HeadScanner()
    private var current: PendingRequest?
    private var chunkedDecoder: ChunkedBodyDecoder?
    private var outbound: [UInt8] = []
    private var outboundIndex = 0
    private var closeAfterWrite = false
    private var peerClosedInput = false
    /// epoll reported the peer's FIN: read to EOF rather than stopping at a short read.
    private var peerSentFin = false
    private var readPaused = false
    private var requestStarted = false
    private var servedRequests = 0
    private var deadline: UInt64
    private var timeoutAction = TimeoutAction.closeSilently
    /// Set when the connection must close but the closing has to wait for the I/O thread or a handler.
    private(set) var wantsClose = false

    init(fd: Int32, remoteAddress: String, loop: EventLoop, context: ServerContext) {
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.loop = loop
        self.context = context
        // A fresh connection that never sends anything is dropped after the header timeout.
        deadline = MonotonicClock.now() &+ context.headerTimeout
    }

    // MARK: - Entry points

    /// Called by the I/O thread for epoll events. Returns true when the connection is now closed.
    func handleEvents(_ events: UInt32) -> Bool {
        lock.lock()
        guard phase != .closed else {
            lock.unlock()
            return true
        }
        if events & (LinuxAPI.epollOut | LinuxAPI.epollErr | LinuxAPI.epollHup) != 0 && phase == .writing {
            flushOutbound()
        }
        if events & (LinuxAPI.epollRdHup | LinuxAPI.epollHup) != 0 { peerSentFin = true }
        let readable = LinuxAPI.epollIn | LinuxAPI.epollRdHup | LinuxAPI.epollHup | LinuxAPI.epollErr
        let job = pump(readFirst: events & readable != 0)
        let closed = closeIfWanted()
        lock.unlock()
        if let job { context.pool.submit(job) }
        return closed
    }

    /// Called by the I/O thread's sweep. Returns true when the connection is now closed.
    func checkDeadline(now: UInt64) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if closeIfWanted() { return true }
        guard phase != .closed, phase != .handling, now >= deadline else { return phase == .closed }
        switch timeoutAction {
        case .closeSilently:
            closeLocked()
            return true
        case .close:
            // A peer that stopped reading: reset rather than leave the kernel retrying our unsent bytes.
            if phase == .writing { setAbortiveClose() }
            closeLocked()
            return true
        case .answerRequestTimeout:
            reject(.requestTimeout)
            return closeIfWanted()
        }
    }

    /// Closes the connection if a handler thread asked for it. Returns true when closed.
    func closeIfRequested() -> Bool {
        lock.withLock { closeIfWanted() }
    }

    /// During shutdown: closes the connection if it is between requests. Returns true when closed.
    func closeIfIdle() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if phase == .awaitingHead && inbound.count == readIndex {
            closeLocked()
        }
        return phase == .closed
    }

    /// Closes the connection whatever it is doing; a running handler's response is then dropped.
    func forceClose() {
        lock.withLock { if phase != .closed { closeLocked() } }
    }

    // MARK: - Reading

    /// Reads and parses in turns until a request is ready, the socket is drained, or the connection
    /// waits on something else. Reading in bounded steps keeps a flood from growing the buffer unchecked.
    private func pump(readFirst: Bool) -> HandlerJob? {
        var shouldRead = readFirst
        while true {
            if shouldRead { readAvailable() }
            if let job = advance() { return job }
            guard readPaused, !wantsClose, phase == .awaitingHead || phase == .readingBody else { return nil }
            shouldRead = true
        }
    }

    /// How many unconsumed bytes may be buffered in the current phase before reading pauses. Each bound
    /// is above what the parser needs to make progress, so pausing never stalls a valid request.
    private func readCap() -> Int {
        switch phase {
        case .awaitingHead:
            return context.headLimits.maxRequestLineBytes + context.headLimits.maxHeaderBytes + 1024
        case .readingBody:
            if let decoder = chunkedDecoder {
                return decoder.position - readIndex + Self.pipelineBufferLimit + context.headLimits.maxHeaderBytes
            }
            if let request = current, case .contentLength(let length) = request.head.framing {
                return request.headEnd + length - readIndex + Self.pipelineBufferLimit
            }
            return Self.pipelineBufferLimit
        case .handling, .writing:
            return Self.pipelineBufferLimit
        case .lingering, .closed:
            return Int.max
        }
    }

    private func readAvailable() {
        readPaused = false
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.readChunkBytes) { chunk in
            guard let base = chunk.baseAddress else { return }
            // Input discarded while lingering is bounded per event, so a flooding peer cannot hold the
            // loop; whatever it sends after that waits for the linger deadline to close the connection.
            var discardReads = 0
            while phase != .closed {
                if inbound.count - readIndex >= readCap() {
                    readPaused = true
                    return
                }
                let count = Glibc.read(fd, base, Self.readChunkBytes)
                if count > 0 {
                    if phase == .lingering {
                        discardReads += 1
                        if discardReads >= Self.maxDiscardReadsPerEvent { break }
                        continue
                    }
                    inbound.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
                    if phase == .readingBody { deadline = MonotonicClock.now() &+ context.bodyTimeout }
                    // A short read drained the socket and edge-triggered epoll reports the next arrival,
                    // unless the FIN came with this data: then its event is spent and EOF must be read now.
                    if count < Self.readChunkBytes && !peerSentFin { break }
                } else if count == 0 {
                    peerClosedInput = true
                    if phase == .lingering { wantsClose = true }
                    break
                } else if errno == EINTR {
                    continue
                } else {
                    if errno != EAGAIN && errno != EWOULDBLOCK { markForClose() }
                    break
                }
            }
        }
    }

    // MARK: - Parsing

    /// Moves the request state machine as far as the buffered bytes allow. Returns a handler job when a
    /// request is complete and routed; answers router misses and rejections itself.
    private func advance() -> HandlerJob? {
        while true {
            switch phase {
            case .closed, .handling, .writing, .lingering:
                return nil
            case .awaitingHead:
                guard startOrContinueHead() else { return nil }
            case .readingBody:
                guard let request = current else { return nil }
                if var decoder = chunkedDecoder {
                    // Taken out while decoding so the body it accumulates is not copied on write.
                    chunkedDecoder = nil
                    let outcome = inbound.withUnsafeBufferPointer { decoder.decode($0) }
                    chunkedDecoder = decoder
                    switch outcome {
                    case .needMore:
                        if peerClosedInput { markForClose() }
                        return nil
                    case .rejected(let rejection):
                        reject(rejection)
                        return nil
                    case .complete(let end):
                        let body = chunkedDecoder?.takeBody() ?? []
                        if let job = dispatch(request, body: body, end: end) { return job }
                    }
                } else if case .contentLength(let length) = request.head.framing {
                    let end = request.headEnd + length
                    guard inbound.count >= end else {
                        if peerClosedInput { markForClose() }
                        return nil
                    }
                    if let job = dispatch(request, body: Array(inbound[request.headEnd..<end]), end: end) { return job }
                } else {
                    if let job = dispatch(request, body: [], end: request.headEnd) { return job }
                }
            }
        }
    }

    /// Handles the awaiting-head phase; returns true when the phase changed and parsing should go on.
    private func startOrContinueHead() -> Bool {
        // RFC 9112 §2.2: empty lines before a request line are ignored.
        while inbound.count - readIndex >= 2 && inbound[readIndex] == ByteClass.cr && inbound[readIndex + 1] == ByteClass.lf {
            readIndex += 2
        }
        if inbound.count == readIndex {
            compactInbound()
            if peerClosedInput || context.isDraining { markForClose() }
            return false
        }
        if !requestStarted {
            requestStarted = true
            setDeadline(context.headerTimeout, .answerRequestTimeout)
        }
        let limits = context.headLimits
        let start = readIndex
        let outcome = inbound.withUnsafeBufferPointer { scanner.scan($0, start: start, limits: limits) }
        switch outcome {
        case .incomplete:
            if peerClosedInput { markForClose() }
            return false
        case .rejected(let rejection):
            reject(rejection)
            return false
        case .complete(let end):
            let parsed = inbound.withUnsafeBufferPointer { HeadParser.parse($0, start: start, end: end, limits: limits) }
            switch parsed {
            case .failure(let rejection):
                reject(rejection)
                return false
            case .success(let head):
                return beginBody(head, headEnd: end)
            }
        }
    }

    /// Routes the request and decides, before any body is read, whether it can be accepted.
    private func beginBody(_ head: RequestHead, headEnd: Int) -> Bool {
        let (path, query) = splitTarget(head.target)
        let match = context.routes.match(method: head.method, path: path)
        var bodyLimit = context.configuration.defaultBodyLimit
        if case .found(let route, _) = match, let limit = route.bodyLimit { bodyLimit = limit }
        let request = PendingRequest(head: head, path: path, query: query, match: match, headEnd: headEnd,
                                     startedAt: MonotonicClock.now())
        if case .contentLength(let length) = head.framing, length > bodyLimit {
            reject(.declaredBodyTooLarge, request: request)
            return false
        }
        if head.expectsContinue && head.framing != .none && inbound.count == headEnd {
            switch match {
            case .found:
                writeInterim(ResponseEncoder.continueResponse)
            case .notFound, .methodNotAllowed:
                // The client is waiting to hear whether to send the body: answer now and close.
                respondAndClose(routerMiss(match), route: ServerMetrics.unmatchedRoute, method: head.method)
                return false
            }
        }
        current = request
        phase = .readingBody
        setDeadline(context.bodyTimeout, .answerRequestTimeout)
        if head.framing == .chunked {
            chunkedDecoder = ChunkedBodyDecoder(start: headEnd, bodyLimit: bodyLimit, limits: context.headLimits)
        }
        return true
    }

    /// Hands a complete request to its handler, or answers a router miss at once.
    private func dispatch(_ pending: PendingRequest, body: [UInt8], end: Int) -> HandlerJob? {
        readIndex = end
        current = nil
        chunkedDecoder = nil
        requestStarted = false
        scanner.reset()
        let keepAlive = pending.head.keepAlive
        switch pending.match {
        case .found(let route, let parameters):
            let request = HTTPRequest(method: pending.head.method, target: pending.head.target, path: pending.path,
                                      query: pending.query, headers: pending.head.headers, body: body,
                                      pathParameters: parameters, remoteAddress: remoteAddress)
            phase = .handling
            deadline = .max
            return HandlerJob(connection: self, route: route, request: request, keepAlive: keepAlive,
                              startedAt: pending.startedAt)
        case .notFound, .methodNotAllowed:
            let response = routerMiss(pending.match)
            finishRequest(response, route: ServerMetrics.unmatchedRoute, method: pending.head.method,
                          keepAlive: keepAlive, startedAt: pending.startedAt)
            return nil
        }
    }

    private func routerMiss(_ match: RouteMatch) -> HTTPResponse {
        if case .methodNotAllowed(let allow) = match {
            var response = HTTPResponse.text("method not allowed\n", status: .methodNotAllowed)
            response.headers.set("Allow", allow)
            return response
        }
        return HTTPResponse.text("not found\n", status: .notFound)
    }

    // MARK: - Responding

    /// Called on a handler thread with the handler's response. Returns the next pipelined job, if any.
    func complete(_ response: HTTPResponse, job: HandlerJob) -> HandlerJob? {
        lock.lock()
        guard phase == .handling else {
            lock.unlock()
            return nil
        }
        finishRequest(response, route: job.route.pattern.text, method: job.request.method,
                      keepAlive: job.keepAlive, startedAt: job.startedAt)
        let next = pump(readFirst: readPaused)
        let needsLoop = wantsClose
        lock.unlock()
        if needsLoop { loop.scheduleClose(self) }
        return next
    }

    private func finishRequest(_ response: HTTPResponse, route: String, method: HTTPMethod, keepAlive: Bool,
                               startedAt: UInt64) {
        let handlerAskedClose = response.headers["Connection"].map { $0.lowercased().contains("close") } ?? false
        let keepOpen = keepAlive && !handlerAskedClose && !context.isDraining
        let bytes = ResponseEncoder.encode(response, omitBody: method == .head, keepAlive: keepOpen,
                                           dateLine: ThreadLocalCache.current.dateHeaderLine())
        context.metrics.recordRequest(route: route, method: method, status: response.status.code,
                                      durationNanoseconds: MonotonicClock.now() &- startedAt)
        write(bytes, thenClose: !keepOpen)
    }

    /// Answers a request that cannot be trusted or served further, then closes the connection.
    private func reject(_ rejection: RequestRejection, request: PendingRequest? = nil) {
        context.logger.debug("request rejected", metadata: [
            "remote": "\(remoteAddress)", "status": "\(rejection.status.code)", "reason": "\(rejection.phrase)",
        ])
        let route = ServerMetrics.unmatchedRoute
        respondAndClose(HTTPResponse.text("\(rejection.status.reason.lowercased())\n", status: rejection.status),
                        route: route, method: request?.head.method)
    }

    private func respondAndClose(_ response: HTTPResponse, route: String?, method: HTTPMethod?) {
        current = nil
        chunkedDecoder = nil
        let bytes = ResponseEncoder.encode(response, omitBody: method == .head, keepAlive: false,
                                           dateLine: ThreadLocalCache.current.dateHeaderLine())
        context.metrics.recordRequest(route: route ?? ServerMetrics.unmatchedRoute, method: method ?? HTTPMethod(rawValue: "other"),
                                      status: response.status.code, durationNanoseconds: 0)
        write(bytes, thenClose: true)
    }

    /// Writes what the socket takes now; the rest waits for EPOLLOUT on the I/O thread.
    private func write(_ bytes: [UInt8], thenClose: Bool) {
        outbound = bytes
        outboundIndex = 0
        closeAfterWrite = thenClose
        phase = .writing
        setDeadline(context.writeTimeout, .close)
        flushOutbound()
    }

    private func flushOutbound() {
        let total = outbound.count
        let progressed = outbound.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var progressed = false
            while outboundIndex < total {
                let sent = Glibc.send(fd, base + outboundIndex, total - outboundIndex, Int32(MSG_NOSIGNAL))
                if sent > 0 {
                    outboundIndex += sent
                    progressed = true
                } else if sent < 0 && errno == EINTR {
                    continue
                } else {
                    if sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK { markForClose() }
                    break
                }
            }
            return progressed
        }
        if wantsClose { return }
        if outboundIndex == total {
            finishExchange()
        } else if progressed {
            setDeadline(context.writeTimeout, .close)
        }
    }

    /// A 100 Continue is tiny and sent into an idle socket; if even it does not fit, the peer is not reading.
    private func writeInterim(_ bytes: [UInt8]) {
        let sent = bytes.withUnsafeBytes { raw in
            Glibc.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
        }
        if sent != bytes.count { markForClose() }
    }

    private func finishExchange() {
        outbound = []
        outboundIndex = 0
        if closeAfterWrite {
            beginLingeringClose()
            return
        }
        servedRequests += 1
        phase = .awaitingHead
        setDeadline(context.idleTimeout, .closeSilently)
    }

    /// Shuts our side for writing so the peer gets our response and FIN, then drains its input briefly:
    /// closing with unread input would send a reset that can destroy the response in flight.
    private func beginLingeringClose() {
        shutdown(fd, Int32(SHUT_WR))
        phase = .lingering
        setDeadline(context.lingerTimeout, .close)
        inbound = []
        readIndex = 0
        if peerClosedInput { wantsClose = true }
    }

    func logError(_ error: any Error, route: String) {
        context.logger.error("handler failed", metadata: [
            "route": "\(route)", "remote": "\(remoteAddress)", "error": "\(error)",
        ])
    }

    // MARK: - Closing

    private func markForClose() {
        wantsClose = true
        if phase != .handling { phase = .lingering }
    }

    /// Closes now if closing was asked for and no handler is running. Call with the lock held.
    private func closeIfWanted() -> Bool {
        if phase == .closed { return true }
        guard wantsClose, phase != .handling else { return false }
        closeLocked()
        return true
    }

    private func setAbortiveClose() {
        var immediate = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &immediate, socklen_t(MemoryLayout<linger>.size))
    }

    private func closeLocked() {
        phase = .closed
        Glibc.close(fd)
        inbound = []
        outbound = []
    }

    private func setDeadline(_ timeout: UInt64, _ action: TimeoutAction) {
        deadline = MonotonicClock.now() &+ timeout
        timeoutAction = action
    }

    private func compactInbound() {
        readIndex = 0
        scanner.reset()
        requestStarted = false
        // Keep a modest buffer for the next request; give back what a large body needed.
        if inbound.capacity > 64 * 1024 {
            inbound = []
        } else {
            inbound.removeAll(keepingCapacity: true)
        }
    }
}

/// A request whose head is parsed and routed, while its body arrives.
struct PendingRequest {
    let head: RequestHead
    let path: String
    let query: String?
    let match: RouteMatch
    let headEnd: Int
    let startedAt: UInt64
}

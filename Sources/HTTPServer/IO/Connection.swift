import Glibc

/// One client connection: its buffers, the request being received and the response being sent.
///
/// Threading: an I/O thread reads and parses; a handler thread runs the handler and writes the response
/// straight to the socket, falling back to the I/O thread (EPOLLOUT) only when the socket is full. All
/// state below is guarded by `lock`, and every use of `fd` happens under it after checking `phase`. Only
/// the owning event loop closes `fd`, so its fd-to-connection table never points at a reused descriptor.
final class Connection: @unchecked Sendable {
    enum Phase {
        /// No response is outstanding: reading and framing requests.
        case reading
        case handling
        case writing
        /// Our side is shut for writing; reading and discarding until the peer closes or the linger ends.
        case lingering
        case closed
    }

    static let readChunkBytes = 16 * 1024
    static let maxDiscardReadsPerEvent = 64

    let fd: Int32
    let remoteAddress: String
    let loop: EventLoop
    private let context: ServerContext
    let responder: Responder
    private let lock = Lock()

    private var phase = Phase.reading
    private var framer: RequestFramer
    /// How the request whose body is arriving was routed.
    private var routed: RoutedRequest?
    private var outbound: [UInt8] = []
    private var outboundIndex = 0
    private var closeAfterWrite = false
    private var peerClosedInput = false
    /// epoll reported the peer's FIN: read to EOF rather than stopping at a short read.
    private var peerSentFin = false
    private var readPaused = false
    private var deadline: Deadline
    /// Set when the connection must close but the closing has to wait for the I/O thread or a handler.
    private(set) var wantsClose = false

    init(fd: Int32, remoteAddress: String, loop: EventLoop, context: ServerContext) {
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.loop = loop
        self.context = context
        responder = Responder(context: context)
        framer = RequestFramer(limits: context.headLimits)
        deadline = Deadline(timeouts: context.timeouts, now: MonotonicClock.now())
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
        guard phase != .closed, let expiry = deadline.expiry(now: now) else { return phase == .closed }
        switch expiry {
        case .closeSilently, .close:
            closeLocked()
            return true
        case .reset:
            setAbortiveClose()
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
        if phase == .reading && framer.isBetweenRequests {
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
            guard readPaused, !wantsClose, phase == .reading else { return nil }
            shouldRead = true
        }
    }

    /// How many unconsumed bytes may be buffered in the current phase before reading pauses. Each bound
    /// is above what the parser needs to make progress, so pausing never stalls a valid request.
    private func readCap() -> Int {
        switch phase {
        case .reading:
            return framer.readLimit
        case .handling, .writing:
            return RequestFramer.pipelineBufferLimit
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
                if framer.unconsumedCount >= readCap() {
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
                    framer.append(UnsafeBufferPointer(start: base, count: count))
                    if framer.isReadingBody { deadline.restart(.body, now: MonotonicClock.now()) }
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

    // MARK: - Framing

    /// Frames requests as far as the buffered bytes allow. Returns a handler job when a request is complete
    /// and routed; answers router misses and rejections itself.
    private func advance() -> HandlerJob? {
        while phase == .reading {
            switch framer.next() {
            case .needMore:
                if framer.isBetweenRequests {
                    if peerClosedInput || context.isDraining { markForClose() }
                } else {
                    if peerClosedInput { markForClose() }
                    if framer.isReceivingHead { deadline.begin(.head, now: MonotonicClock.now()) }
                    if framer.isReadingBody { deadline.begin(.body, now: MonotonicClock.now()) }
                }
                return nil
            case .head(let head):
                admit(head)
            case .request(let head, let body):
                if let job = dispatch(head, body: body) { return job }
            case .reject(let rejection):
                reject(rejection)
            }
        }
        return nil
    }

    /// Routes a request by its head and admits its body within the route's limit.
    private func admit(_ head: RequestHead) {
        let (path, query) = splitTarget(head.target)
        let match = context.routes.match(method: head.method, path: path)
        var bodyLimit = context.configuration.defaultBodyLimit
        if case .found(let route, _) = match, let limit = route.bodyLimit { bodyLimit = limit }
        routed = RoutedRequest(path: path, query: query, match: match, startedAt: MonotonicClock.now())
        switch framer.admitBody(limit: bodyLimit) {
        case .admitted:
            break
        case .refused(let rejection):
            reject(rejection, method: head.method)
            return
        case .awaitingContinue:
            guard case .found = match else {
                // The client is waiting to hear whether to send the body: answer now and close.
                routed = nil
                write(responder.encodeClosing(responder.routerMiss(match), method: head.method), thenClose: true)
                return
            }
            writeInterim(ResponseEncoder.continueResponse)
        }
    }

    /// Hands a complete request to its handler, or answers a router miss at once.
    private func dispatch(_ head: RequestHead, body: [UInt8]) -> HandlerJob? {
        guard let routed = routed.take() else { preconditionFailure("a request was framed before it was routed") }
        switch routed.match {
        case .found(let route, let parameters):
            let request = HTTPRequest(method: head.method, target: head.target, path: routed.path, query: routed.query,
                                      headers: head.headers, body: body, pathParameters: parameters,
                                      remoteAddress: remoteAddress)
            phase = .handling
            deadline.restart(.handling, now: MonotonicClock.now())
            return HandlerJob(connection: self, route: route, request: request, keepAlive: head.keepAlive,
                              startedAt: routed.startedAt)
        case .notFound, .methodNotAllowed:
            let (bytes, keepOpen) = responder.encode(responder.routerMiss(routed.match), route: ServerMetrics.unmatchedRoute,
                                                     method: head.method, keepAlive: head.keepAlive,
                                                     startedAt: routed.startedAt)
            write(bytes, thenClose: !keepOpen)
            return nil
        }
    }

    // MARK: - Responding

    /// Called on a handler thread with the handler's response. Returns the next pipelined job, if any.
    func complete(_ response: HTTPResponse, job: HandlerJob) -> HandlerJob? {
        lock.lock()
        guard phase == .handling else {
            lock.unlock()
            return nil
        }
        let (bytes, keepOpen) = responder.encode(response, route: job.route.pattern.text, method: job.request.method,
                                                 keepAlive: job.keepAlive, startedAt: job.startedAt)
        write(bytes, thenClose: !keepOpen)
        let next = pump(readFirst: readPaused)
        let needsLoop = wantsClose
        lock.unlock()
        if needsLoop { loop.scheduleClose(self) }
        return next
    }

    /// Answers a request that cannot be trusted or served further, then closes the connection.
    private func reject(_ rejection: RequestRejection, method: HTTPMethod? = nil) {
        routed = nil
        write(responder.encodeRejection(rejection, method: method, remoteAddress: remoteAddress), thenClose: true)
    }

    /// Writes what the socket takes now; the rest waits for EPOLLOUT on the I/O thread.
    private func write(_ bytes: [UInt8], thenClose: Bool) {
        outbound = bytes
        outboundIndex = 0
        closeAfterWrite = thenClose
        phase = .writing
        deadline.restart(.write, now: MonotonicClock.now())
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
            deadline.restart(.write, now: MonotonicClock.now())
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
        phase = .reading
        deadline.restart(.idle, now: MonotonicClock.now())
    }

    /// Shuts our side for writing so the peer gets our response and FIN, then drains its input briefly:
    /// closing with unread input would send a reset that can destroy the response in flight.
    private func beginLingeringClose() {
        shutdown(fd, Int32(SHUT_WR))
        phase = .lingering
        deadline.restart(.linger, now: MonotonicClock.now())
        // Nothing more is framed: give back the buffer.
        framer = RequestFramer(limits: context.headLimits)
        if peerClosedInput { wantsClose = true }
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
        framer = RequestFramer(limits: context.headLimits)
        outbound = []
    }
}

/// A request routed by its head while its body arrives.
private struct RoutedRequest {
    let path: String
    let query: String?
    let match: RouteMatch
    let startedAt: UInt64
}

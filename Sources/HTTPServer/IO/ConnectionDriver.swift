/// Drives one connection on the thread of the event loop that accepted it: reads into the framer, routes
/// each framed request and hands it to the handler pool, answers router misses, rejections and timeouts,
/// and closes the connection once it is done. It is not Sendable, so it never leaves that thread.
final class ConnectionDriver {
    let connection: Connection
    private let context: ServerContext
    private let responder: Responder
    private var framer: RequestFramer
    private var input = PeerInput()
    /// How the request whose body is arriving was routed.
    private var routed: RoutedRequest?

    init(connection: Connection, context: ServerContext) {
        self.connection = connection
        self.context = context
        responder = Responder(context: context)
        framer = RequestFramer(limits: context.headLimits)
    }

    // MARK: - Entry points; each returns true once the connection is closed

    func handle(_ events: UInt32) -> Bool {
        if events & (LinuxAPI.epollRdHup | LinuxAPI.epollHup) != 0 { input.sawFin = true }
        if events & (LinuxAPI.epollOut | LinuxAPI.epollErr | LinuxAPI.epollHup) != 0 { connection.flush() }
        let readable = LinuxAPI.epollIn | LinuxAPI.epollRdHup | LinuxAPI.epollHup | LinuxAPI.epollErr
        return turn(read: events & readable != 0)
    }

    /// A handler finished while the loop had work waiting for it.
    func resume() -> Bool {
        turn(read: input.state == .paused)
    }

    func checkDeadline(now: UInt64) -> Bool {
        switch connection.expiredDeadline(now: now) {
        case nil:
            return false
        case .closeSilently, .close:
            connection.close()
            return true
        case .reset:
            connection.close(reset: true)
            return true
        case .answerRequestTimeout:
            return settle(reject(.requestTimeout, method: nil))
        }
    }

    /// During shutdown: closes the connection if it is between requests.
    func closeIfIdle() -> Bool {
        guard case .reading = connection.phase, framer.isBetweenRequests else { return false }
        connection.close()
        return true
    }

    // MARK: - Reading and framing

    /// Reads, frames and answers as far as the connection allows.
    private func turn(read: Bool) -> Bool {
        var shouldRead = read
        while true {
            var phase = connection.phase
            if shouldRead { readAvailable(phase) }
            if case .reading = phase, input.state != .failed { phase = frameBuffered() }
            switch phase {
            case .handling where input.state != .open || framer.unconsumedCount > 0:
                // Work is left for after the handler, which hands the connection back unless it is done already.
                if connection.waitForHandler() { return false }
                shouldRead = input.state == .paused
            case .reading where input.state == .paused:
                shouldRead = true
            default:
                return settle(phase)
            }
        }
    }

    private func readAvailable(_ phase: ConnectionState.Phase) {
        switch phase {
        case .reading: input.read(connection, into: &framer, limit: framer.readLimit)
        case .handling, .writing: input.read(connection, into: &framer, limit: RequestFramer.pipelineBufferLimit)
        case .lingering: input.discard(connection)
        case .failed, .closed: break
        }
    }

    /// Frames and answers buffered requests until the framer needs more bytes or a response is under way;
    /// returns the phase that leaves the connection in.
    private func frameBuffered() -> ConnectionState.Phase {
        while true {
            switch framer.next() {
            case .needMore:
                if framer.isReceivingHead { connection.beginDeadline(.head) }
                if framer.isReadingBody { connection.beginDeadline(.body) }
                return .reading
            case .head(let head):
                if let phase = admit(head) { return phase }
            case .request(let head, let body):
                let phase = dispatch(head, body: body)
                guard case .reading = phase else { return phase }
            case .reject(let rejection):
                return reject(rejection, method: nil)
            }
        }
    }

    /// Routes a request by its head and admits its body within the route's limit. Returns the phase when
    /// the request is answered at once instead.
    private func admit(_ head: RequestHead) -> ConnectionState.Phase? {
        let (path, query) = splitTarget(head.target)
        let match = context.routes.match(method: head.method, path: path)
        var bodyLimit = context.configuration.defaultBodyLimit
        if case .found(let route, _) = match, let limit = route.bodyLimit { bodyLimit = limit }
        routed = RoutedRequest(path: path, query: query, match: match, startedAt: MonotonicClock.now())
        switch framer.admitBody(limit: bodyLimit) {
        case .admitted:
            return nil
        case .refused(let rejection):
            return reject(rejection, method: head.method)
        case .awaitingContinue:
            guard case .found = match else {
                // The client waits to hear whether to send the body: answer now and close.
                let bytes = responder.encodeClosing(responder.routerMiss(match), method: head.method)
                return connection.write(bytes, thenClose: true)
            }
            if case .failed = connection.sendInterim(ResponseEncoder.continueResponse) { return .failed }
            return nil
        }
    }

    /// Hands a complete request to its handler, or answers a router miss at once.
    private func dispatch(_ head: RequestHead, body: [UInt8]) -> ConnectionState.Phase {
        guard let routed = routed.take() else { preconditionFailure("a request was framed before it was routed") }
        switch routed.match {
        case .found(let route, let parameters):
            let request = HTTPRequest(method: head.method, target: head.target, path: routed.path, query: routed.query,
                                      headers: head.headers, body: body, pathParameters: parameters,
                                      remoteAddress: connection.remoteAddress)
            connection.startHandling()
            context.pool.submit(HandlerJob(connection: connection, responder: responder, route: route, request: request,
                                           keepAlive: head.keepAlive, startedAt: routed.startedAt))
            return .handling
        case .notFound, .methodNotAllowed:
            let (bytes, keepOpen) = responder.encode(responder.routerMiss(routed.match), route: ServerMetrics.unmatchedRoute,
                                                     method: head.method, keepAlive: head.keepAlive,
                                                     startedAt: routed.startedAt)
            return connection.write(bytes, thenClose: !keepOpen)
        }
    }

    /// Answers a request that cannot be trusted or served further; the connection closes after it.
    private func reject(_ rejection: RequestRejection, method: HTTPMethod?) -> ConnectionState.Phase {
        routed = nil
        let bytes = responder.encodeRejection(rejection, method: method, remoteAddress: connection.remoteAddress)
        return connection.write(bytes, thenClose: true)
    }

    // MARK: - Closing

    /// Closes the connection if nothing is left for it to do; returns true once it is closed.
    private func settle(_ phase: ConnectionState.Phase) -> Bool {
        let done: Bool
        switch phase {
        case .closed:
            return true
        case .failed:
            done = true
        case .handling:
            done = false
        case .writing:
            done = input.state == .failed
        case .lingering:
            // Nothing more is framed: give back the buffer.
            framer = RequestFramer(limits: context.headLimits)
            done = input.isOver
        case .reading:
            done = input.isOver || (context.isDraining && framer.isBetweenRequests)
        }
        if done { connection.close() }
        return done
    }
}

/// A request routed by its head while its body arrives.
private struct RoutedRequest {
    let path: String
    let query: String?
    let match: RouteMatch
    let startedAt: UInt64
}

/// One routed request for a handler thread. Running the handler and answering through the connection is
/// all a handler thread can do with it; the connection stays private to the job.
struct HandlerJob: Sendable {
    private let connection: Connection
    private let responder: Responder
    private let route: Route
    private let request: HTTPRequest
    private let keepAlive: Bool
    private let startedAt: UInt64

    init(connection: Connection, responder: Responder, route: Route, request: HTTPRequest, keepAlive: Bool,
         startedAt: UInt64) {
        self.connection = connection
        self.responder = responder
        self.route = route
        self.request = request
        self.keepAlive = keepAlive
        self.startedAt = startedAt
    }

    /// Runs the handler and writes its response.
    func run() {
        let response = responder.response(of: route, to: request)
        let (bytes, keepOpen) = responder.encode(response, route: route.pattern.text, method: request.method,
                                                 keepAlive: keepAlive, startedAt: startedAt)
        connection.complete(bytes, thenClose: !keepOpen)
    }
}

/// One routed request waiting for, or running on, a handler thread.
struct HandlerJob: Sendable {
    let connection: Connection
    let route: Route
    let request: HTTPRequest
    let keepAlive: Bool
    let startedAt: UInt64

    /// Runs the handler and writes its response; returns the connection's next pipelined request, if any.
    func run() -> HandlerJob? {
        connection.complete(connection.responder.response(of: route, to: request), job: self)
    }
}

/// One routed request waiting for, or running on, a handler thread.
struct HandlerJob: Sendable {
    let connection: Connection
    let route: Route
    let request: HTTPRequest
    let keepAlive: Bool
    let startedAt: UInt64

    /// Runs the handler and writes its response; returns the connection's next pipelined request, if any.
    func run() -> HandlerJob? {
        let response: HTTPResponse
        do {
            response = try route.handler(request)
        } catch let error as HTTPError {
            response = HTTPResponse.text(error.message.isEmpty ? "\(error.status.reason.lowercased())\n" : error.message,
                                         status: error.status)
        } catch {
            connection.logError(error, route: route.pattern.text)
            response = HTTPResponse.text("internal server error\n", status: .internalServerError)
        }
        return connection.complete(response, job: self)
    }
}

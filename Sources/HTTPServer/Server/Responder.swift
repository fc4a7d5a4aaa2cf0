/// What the server answers and how: a handler's response or what its error means, router misses,
/// rejections, and the bytes any response becomes on the wire, recording each request's metrics on the
/// way. Used by the event loops and the handler threads alike; it holds no state of its own.
struct Responder: Sendable {
    let context: ServerContext

    /// Runs a route's handler. An `HTTPError` chooses the status; any other error is logged and becomes a 500.
    func response(of route: Route, to request: HTTPRequest) -> HTTPResponse {
        do {
            return try route.handler(request)
        } catch let error as HTTPError {
            return HTTPResponse.text(error.message.isEmpty ? "\(error.status.reason.lowercased())\n" : error.message,
                                     status: error.status)
        } catch {
            context.logger.error("handler failed", metadata: [
                "route": "\(route.pattern.text)", "remote": "\(request.remoteAddress)", "error": "\(error)",
            ])
            return HTTPResponse.text("internal server error\n", status: .internalServerError)
        }
    }

    /// 404, or 405 with the methods the path does allow.
    func routerMiss(_ match: RouteMatch) -> HTTPResponse {
        if case .methodNotAllowed(let allow) = match {
            var response = HTTPResponse.text("method not allowed\n", status: .methodNotAllowed)
            response.headers.set("Allow", allow)
            return response
        }
        return HTTPResponse.text("not found\n", status: .notFound)
    }

    /// The bytes answering a complete request, and whether the connection stays open after them: only if the
    /// client allows it, the handler did not ask to close and the server is not draining.
    func encode(_ response: HTTPResponse, route: String, method: HTTPMethod, keepAlive: Bool, startedAt: UInt64)
        -> (bytes: [UInt8], keepOpen: Bool)
    {
        let handlerAskedClose = response.headers["Connection"].map { $0.lowercased().contains("close") } ?? false
        let keepOpen = keepAlive && !handlerAskedClose && !context.isDraining
        let bytes = ResponseEncoder.encode(response, omitBody: method == .head, keepAlive: keepOpen,
                                           dateLine: ThreadLocalCache.current.dateHeaderLine())
        context.metrics.recordRequest(route: route, method: method, status: response.status.code,
                                      durationNanoseconds: MonotonicClock.now() &- startedAt)
        return (bytes, keepOpen)
    }

    /// The bytes of an answer given before the request could be served, after which the connection closes.
    /// `method` is nil when the request line itself was not understood.
    func encodeClosing(_ response: HTTPResponse, method: HTTPMethod?) -> [UInt8] {
        let bytes = ResponseEncoder.encode(response, omitBody: method == .head, keepAlive: false,
                                           dateLine: ThreadLocalCache.current.dateHeaderLine())
        context.metrics.recordRequest(route: ServerMetrics.unmatchedRoute, method: method ?? ServerMetrics.otherMethod,
                                      status: response.status.code, durationNanoseconds: 0)
        return bytes
    }

    /// The bytes refusing a request the server cannot trust or serve; the body is the status's own reason.
    func encodeRejection(_ rejection: RequestRejection, method: HTTPMethod?, remoteAddress: String) -> [UInt8] {
        context.logger.debug("request rejected", metadata: [
            "remote": "\(remoteAddress)", "status": "\(rejection.status.code)", "reason": "\(rejection.phrase)",
        ])
        let status = rejection.status
        return encodeClosing(HTTPResponse.text("\(status.reason.lowercased())\n", status: status), method: method)
    }
}

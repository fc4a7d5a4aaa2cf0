/// How the body of a request is delimited.
enum BodyFraming: Sendable, Equatable {
    case none
    case contentLength(Int)
    case chunked
}

/// The parsed request line and header section, with the framing decisions taken from them.
struct RequestHead: Sendable {
    var method: HTTPMethod
    var target: String
    var isHTTP11: Bool
    var headers: HTTPHeaders
    var framing: BodyFraming
    /// Whether the client allows the connection to stay open after this request.
    var keepAlive: Bool
    var expectsContinue: Bool
}

/// Limits the head parser enforces.
struct HeadLimits: Sendable {
    var maxRequestLineBytes: Int
    var maxHeaderBytes: Int
    var maxHeaderCount: Int
}

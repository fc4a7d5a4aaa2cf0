/// A fully received request: head and complete body.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The raw request-target as sent.
    public var target: String
    /// The target without its query, not percent-decoded.
    public var path: String
    /// The raw query string without the '?', if there was one.
    public var query: String?
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Filled by the router from the matched pattern; values are percent-decoded.
    public var pathParameters: [String: String]
    /// "ip:port" of the peer, or "unix" for a unix-socket peer.
    public var remoteAddress: String

    /// For tests of handlers: builds a request as the server would, without a peer.
    public init(method: HTTPMethod, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        let (path, query) = splitTarget(target)
        self.init(method: method, target: target, path: path, query: query, headers: headers, body: body,
                  pathParameters: [:], remoteAddress: "")
    }

    init(method: HTTPMethod, target: String, path: String, query: String?, headers: HTTPHeaders, body: [UInt8],
         pathParameters: [String: String], remoteAddress: String) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
        self.remoteAddress = remoteAddress
    }

    /// Query parameters, percent-decoded ('+' as space); the first occurrence of a name wins.
    public var queryItems: [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var items: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = percentDecoded(Substring(parts[0]), plusAsSpace: true) else { continue }
            let value = parts.count > 1 ? percentDecoded(parts[1], plusAsSpace: true) : ""
            if items[name] == nil, let value { items[name] = value }
        }
        return items
    }
}

/// Splits a request-target into path and query. Absolute-form targets ("http://host/p?q") yield their path.
func splitTarget(_ target: String) -> (path: String, query: String?) {
    // The usual origin-form without a query needs no slicing at all.
    let bytes = target.utf8
    if bytes.first == UInt8(ascii: "/") && !bytes.contains(UInt8(ascii: "?")) { return (target, nil) }
    var pathPart = Substring(target)
    if !pathPart.hasPrefix("/"), let schemeEnd = pathPart.range(of: "://") {
        let afterAuthority = pathPart[schemeEnd.upperBound...]
        if let slash = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }) {
            pathPart = afterAuthority[slash...]
        } else {
            return ("/", nil)
        }
    }
    guard let mark = pathPart.firstIndex(of: "?") else {
        return (pathPart.hasPrefix("/") ? String(pathPart) : "/" + pathPart, nil)
    }
    let path = pathPart[..<mark]
    return (path.isEmpty ? "/" : String(path), String(pathPart[pathPart.index(after: mark)...]))
}

import Synchronization

/// A request handler. Throw `HTTPError` to answer a specific status; any other error becomes a 500.
public typealias HTTPHandler = @Sendable (HTTPRequest) throws -> HTTPResponse

/// Routes by method and path pattern (`/callbacks/kie/:video/:token`, `/media/*path`).
/// Routes are added before the server starts; the server takes a snapshot then.
public final class Router: Sendable {
    private let added = Mutex<[Route]>([])

    public init() {}

    public func add(_ method: HTTPMethod, _ pattern: String, bodyLimit: Int? = nil, _ handler: @escaping HTTPHandler) {
        let route = Route(method: method, pattern: RoutePattern(pattern), bodyLimit: bodyLimit, handler: handler)
        added.withLock { $0.append(route) }
    }

    /// What has been added, in order: for documentation checks and diagnostics, never for routing.
    public var routes: [RouteDescription] {
        added.withLock { $0.map { RouteDescription(method: $0.method, pattern: $0.pattern.text, bodyLimit: $0.bodyLimit) } }
    }

    public func get(_ pattern: String, _ handler: @escaping HTTPHandler) {
        add(.get, pattern, handler)
    }

    public func post(_ pattern: String, bodyLimit: Int? = nil, _ handler: @escaping HTTPHandler) {
        add(.post, pattern, bodyLimit: bodyLimit, handler)
    }

    func snapshot() -> RouteTable {
        RouteTable(routes: added.withLock { $0 })
    }
}

/// One added route: its method, its pattern as written (`/callbacks/kie/:video/:token`) and its own body limit
/// (nil: the server's `defaultBodyLimit`).
public struct RouteDescription: Sendable, Hashable {
    public let method: HTTPMethod
    public let pattern: String
    public let bodyLimit: Int?
}

struct Route: Sendable {
    let method: HTTPMethod
    let pattern: RoutePattern
    let bodyLimit: Int?
    let handler: HTTPHandler
}

/// The outcome of routing one request.
enum RouteMatch: Sendable {
    case found(Route, parameters: [String: String])
    case methodNotAllowed(allow: String)
    case notFound
}

/// The immutable routes the server consults on the hot path (no lock).
struct RouteTable: Sendable {
    let routes: [Route]
    /// Routes without parameters by exact path, so the common fixed paths skip segment matching.
    private let literalRoutes: [String: [Route]]

    init(routes: [Route]) {
        self.routes = routes
        var literalRoutes: [String: [Route]] = [:]
        for route in routes where route.pattern.segments.allSatisfy({ if case .literal = $0 { true } else { false } }) {
            literalRoutes[route.pattern.normalizedLiteralPath, default: []].append(route)
        }
        self.literalRoutes = literalRoutes
    }

    func match(method: HTTPMethod, path: String) -> RouteMatch {
        if let candidates = literalRoutes[path], let route = candidates.first(where: { $0.method == method }) {
            return .found(route, parameters: [:])
        }
        let segments = path.utf8.count <= 1 ? [] : path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        var best: (route: Route, parameters: [String: String], specificity: Int)?
        var allowed: Set<String> = []
        for route in routes {
            guard let parameters = route.pattern.match(segments) else { continue }
            // HEAD is answered by the GET handler unless a HEAD route exists.
            if route.method == method || (method == .head && route.method == .get) {
                let specificity = route.pattern.specificity + (route.method == method ? 1 : 0)
                if let current = best, current.specificity >= specificity { continue }
                best = (route, parameters, specificity)
            } else {
                allowed.insert(route.method.rawValue)
                if route.method == .get { allowed.insert("HEAD") }
            }
        }
        if let best { return .found(best.route, parameters: best.parameters) }
        if allowed.isEmpty { return .notFound }
        return .methodNotAllowed(allow: allowed.sorted().joined(separator: ", "))
    }
}

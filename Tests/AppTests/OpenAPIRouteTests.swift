import Foundation
import HTTPServer
import Logging
import Testing
@testable import App

/// `docs/openapi.yaml` describes exactly the routes the service registers, each with the body limit the server
/// enforces for it. The routes come from a real `Service` (built, not started: routing needs no database); the
/// document is read by `OpenAPIPaths`, a minimal reader of its `paths:` section. `tests/openapi/run` validates
/// the document itself.
@Suite struct OpenAPIRouteTests {
    static let document = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/openapi.yaml")

    static func documentedOperations() throws -> [OpenAPIPaths.Operation] {
        OpenAPIPaths.operations(in: try String(contentsOf: document, encoding: .utf8))
    }

    /// The routes a process of `role` serves, as OpenAPI operations with the body limit each is held to.
    static func servedOperations(role: Service.Role) throws -> [OpenAPIPaths.Operation] {
        let configuration = try AppConfiguration(environment: Environment([
            // Nothing listens there: the pool's first connection fails at once and is retried only on demand.
            "DATABASE_URL": "postgres://neurocards@127.0.0.1:1/unused",
            "TELEGRAM_BOT_TOKEN": "123:unused-token",
            "TELEGRAM_WEBHOOK_SECRET": "unused-secret",
            "PUBLIC_BASE_URL": "https://bot.example.org",
            "SIGNING_SECRET": "test-signing-secret-that-is-long-enough-0123",
            "KIE_API_KEYS": "unused-kie-key",
        ]))
        let service = try Service(configuration: configuration, metrics: testMetrics,
                                  logger: Logger(label: "routes", factory: { _ in SwiftLogNoOpLogHandler() }), role: role)
        // The service builds its server with HTTPServerConfiguration's defaults but for the address.
        let defaultBodyLimit = HTTPServerConfiguration().defaultBodyLimit
        return service.routes.map { route in
            OpenAPIPaths.Operation(method: route.method.rawValue, path: OpenAPIPaths.path(ofRoutePattern: route.pattern),
                                   bodyLimit: route.bodyLimit ?? defaultBodyLimit)
        }
    }

    @Test func everyRouteTheServiceRegistersIsDocumentedAndNothingElse() throws {
        let served = Set(try Self.servedOperations(role: .web).map(\.route))
        let documentedOperations = try Self.documentedOperations()
        let documented = Set(documentedOperations.map(\.route))
        #expect(documented.count == documentedOperations.count, "an operation is documented twice")
        #expect(served.subtracting(documented).isEmpty,
                "served but not in docs/openapi.yaml: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty,
                "in docs/openapi.yaml but not served: \(documented.subtracting(served).sorted())")
    }

    @Test func eachOperationStatesTheBodyLimitTheServerEnforces() throws {
        let documented = Dictionary(try Self.documentedOperations().map { ($0.route, $0.bodyLimit) }) { first, _ in first }
        for route in try Self.servedOperations(role: .web) {
            #expect(documented[route.route] == .some(route.bodyLimit),
                    "\(route.route): x-body-limit should be \(route.bodyLimit.map(String.init) ?? "?")")
        }
    }

    /// `neurocards worker --metrics-address` serves some of `serve`'s routes, held to the same limits.
    @Test func aWorkerServesOnlyDocumentedRoutes() throws {
        let worker = try Self.servedOperations(role: .worker(metricsAddress: .tcp(host: "127.0.0.1", port: 0)))
        let documented = try Self.documentedOperations()
        #expect(!worker.isEmpty)
        for route in worker {
            #expect(documented.contains(route), "\(route.route) as a worker serves it is not documented")
        }
        #expect(try Self.servedOperations(role: .worker(metricsAddress: nil)).isEmpty)
    }

    @Test func theReaderTakesPathsMethodsAndLimitsOnly() {
        let text = """
            openapi: 3.1.0
            info:
              title: t
              get: not a path
            paths:
              # a comment
              /a/{id}:
                summary: s
                x-extra:
                  x-body-limit: 5
                get:
                  summary: one
                  description: |
                    post:
                  x-body-limit: 1024
                  responses: {}
                post:
                  responses: {}
              '/b':
                delete:
                  x-body-limit: 7
            components:
              schemas:
                /c:
                  get: {}
            """
        #expect(OpenAPIPaths.operations(in: text) == [
            .init(method: "GET", path: "/a/{id}", bodyLimit: 1024),
            .init(method: "POST", path: "/a/{id}", bodyLimit: nil),
            .init(method: "DELETE", path: "/b", bodyLimit: 7),
        ])
        #expect(OpenAPIPaths.path(ofRoutePattern: "/callbacks/kie/:video/:token") == "/callbacks/kie/{video}/{token}")
        #expect(OpenAPIPaths.path(ofRoutePattern: "/media/*path") == "/media/{path}")
        #expect(OpenAPIPaths.path(ofRoutePattern: "/") == "/")
    }
}

/// Reads the operations under `paths:` of an OpenAPI document written in block style with two-space indents: a
/// path key at two spaces, its method keys at four, an operation's `x-body-limit` at six. Anything written
/// otherwise is not seen, so a route documented in another style shows as missing, never as present.
enum OpenAPIPaths {
    struct Operation: Hashable, CustomStringConvertible {
        var method: String
        var path: String
        var bodyLimit: Int?

        /// `POST /callbacks/kie/{video}/{token}`.
        var route: String { "\(method) \(path)" }
        var description: String { route }
    }

    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    static func operations(in text: String) -> [Operation] {
        var operations: [Operation] = []
        var inPaths = false
        var path: String?
        var inOperation = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let content = line.drop { $0 == " " }
            let indent = line.count - content.count
            if content.isEmpty || content.hasPrefix("#") { continue }
            switch indent {
            case 0:
                inPaths = content == "paths:"
                path = nil
                inOperation = false
            case 2 where inPaths:
                path = key(content).flatMap { $0.hasPrefix("/") ? $0 : nil }
                inOperation = false
            case 4 where path != nil:
                inOperation = key(content).map(methods.contains) ?? false
                if inOperation, let path, let method = key(content) {
                    operations.append(Operation(method: method.uppercased(), path: path))
                }
            case 6 where inOperation && content.hasPrefix("x-body-limit:"):
                operations[operations.count - 1].bodyLimit =
                    Int(content.dropFirst("x-body-limit:".count).trimmingCharacters(in: .whitespaces))
            default:
                break
            }
        }
        return operations
    }

    /// A block mapping key with nothing after its colon (`/media/{name}:`, `get:`), unquoted.
    private static func key(_ content: Substring) -> String? {
        guard content.hasSuffix(":") else { return nil }
        var key = content.dropLast()
        if key.count >= 2, let quote = key.first, quote == "'" || quote == "\"", key.last == quote {
            key = key.dropFirst().dropLast()
        }
        return String(key)
    }

    /// The router's `:name` parameters and `*name` catch-all as OpenAPI's `{name}` (a catch-all spans segments,
    /// which OpenAPI cannot say; its description must).
    static func path(ofRoutePattern pattern: String) -> String {
        let segments = pattern.split(separator: "/").map { segment in
            segment.hasPrefix(":") || segment.hasPrefix("*") ? "{\(segment.dropFirst())}" : String(segment)
        }
        return "/" + segments.joined(separator: "/")
    }
}

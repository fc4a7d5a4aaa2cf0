import Foundation

/// One outbound HTTP request. A value: build it, hand it to `HTTPClient.send` or `download`, reuse it freely.
public struct HTTPClientRequest: Sendable {
    public enum Body: Sendable {
        case empty
        case bytes([UInt8])
        /// Sent as `multipart/form-data`; libcurl writes the Content-Type with its boundary, so do not set one.
        case multipart([MultipartPart])
    }

    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: Body
    /// Overrides the client's total timeout for this request.
    public var timeout: Duration?
    /// Overrides the client's response size cap for this request.
    public var maxResponseBytes: Int?
    /// An IPv4 or IPv6 address to connect to instead of wherever the URL's host resolves, with no DNS lookup and no
    /// proxy: for a caller that checked the address itself, so that a second lookup cannot swap it (DNS rebinding).
    /// TLS still verifies the certificate against the URL's host, and the Host header names it.
    public var connectAddress: String?

    public init(
        method: String = "GET", url: String, headers: [(String, String)] = [], body: Body = .empty,
        timeout: Duration? = nil, maxResponseBytes: Int? = nil, connectAddress: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.connectAddress = connectAddress
    }

    /// A request whose body is `body` encoded as JSON, with `Content-Type: application/json` unless
    /// `headers` already name a content type.
    public static func json<T: Encodable>(
        _ method: String = "POST", url: String, body: T, headers: [(String, String)] = [],
        encoder: JSONEncoder = JSONEncoder()
    ) throws -> HTTPClientRequest {
        let encoded = try encoder.encode(body)
        var allHeaders = headers
        if !headers.contains(where: { HeaderName.equal($0.0, "Content-Type") }) {
            allHeaders.append(("Content-Type", "application/json"))
        }
        return HTTPClientRequest(method: method, url: url, headers: allHeaders, body: .bytes(Array(encoded)))
    }
}

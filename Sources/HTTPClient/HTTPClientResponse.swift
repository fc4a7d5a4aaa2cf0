import Foundation

/// A complete response: status, the final response's headers in arrival order, and the body.
public struct HTTPClientResponse: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header called `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { HeaderName.equal($0.0, name) }?.1
    }

    public func decode<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(type, from: Data(body))
    }

    /// Returns `self` for a 2xx status; otherwise throws `HTTPClientError.status` carrying the body.
    @discardableResult
    public func requireSuccess() throws -> HTTPClientResponse {
        guard (200..<300).contains(status) else { throw HTTPClientError.status(code: status, body: body) }
        return self
    }
}

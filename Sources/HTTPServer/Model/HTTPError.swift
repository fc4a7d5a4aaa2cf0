/// Thrown by a handler to answer with a specific status; `message` becomes the plain-text body.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public let status: HTTPStatus
    public let message: String

    public init(_ status: HTTPStatus, _ message: String = "") {
        self.status = status
        self.message = message
    }

    public var description: String { message.isEmpty ? "\(status)" : "\(status): \(message)" }
}

/// Why a request was refused before reaching a handler: the status to answer and a reason for the log.
/// A rejected request always closes the connection, since its framing can no longer be trusted.
struct RequestRejection: Error, Sendable, Equatable {
    let status: HTTPStatus
    let reason: String

    static func badRequest(_ reason: String) -> RequestRejection {
        RequestRejection(status: .badRequest, reason: reason)
    }
}

import CLibPQ
import Foundation

extension PostgresConnection {
    /// Subscribes this session to `channel`; the name is quoted as an identifier, so any text is safe.
    public func listen(_ channel: String) throws {
        try execute("LISTEN \(try Self.quotedIdentifier(channel))")
        hasListened = true
    }

    public func unlistenAll() throws {
        try execute("UNLISTEN *")
    }

    /// Sends a notification; it is delivered when the sender's transaction commits.
    public func notify(_ channel: String, payload: String) throws {
        try execute("SELECT pg_notify($1, $2)", [channel, payload])
    }

    /// The server and database this session is connected to (`host:port/database`), to tell which sessions share a
    /// database whatever URL spelled them.
    public var databaseIdentity: String {
        guard let handle else { return "" }
        let text = { (value: UnsafeMutablePointer<CChar>?) in value.map { String(cString: $0) } ?? "" }
        return "\(text(PQhost(handle))):\(text(PQport(handle)))/\(text(PQdb(handle)))"
    }

    /// Returns the notifications already received, or waits up to `timeout` for the first to arrive.
    /// An empty array means the timeout passed.
    public func waitForNotifications(timeout: Duration) throws -> [PostgresNotification] {
        let handle = try openHandle()
        try consumeInput(handle)
        var received = drainNotifications(handle)
        let deadline = ContinuousClock.now + timeout
        while received.isEmpty {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { break }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Self.milliseconds(remaining))
            if ready < 0 {
                guard errno == EINTR else {
                    throw PostgresError(kind: .connectionFailure, message: "poll failed: errno \(errno)")
                }
                continue
            }
            if ready > 0 {
                try consumeInput(handle)
                received = drainNotifications(handle)
            }
        }
        return received
    }

    /// Reads whatever the server has sent without blocking; fails when the session is gone.
    func consumeInput(_ handle: OpaquePointer) throws {
        guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else {
            markBroken()
            let message = ResultReader.string(PQerrorMessage(handle))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "connection lost"
            throw PostgresError(kind: .connectionFailure, message: message.isEmpty ? "connection lost" : message)
        }
    }

    func drainNotifications(_ handle: OpaquePointer) -> [PostgresNotification] {
        var notifications: [PostgresNotification] = []
        while let notification = PQnotifies(handle) {
            notifications.append(PostgresNotification(
                channel: String(cString: notification.pointee.relname),
                payload: String(cString: notification.pointee.extra)))
            PQfreemem(notification)
        }
        return notifications
    }

    static func quotedIdentifier(_ name: String) throws -> String {
        guard !name.isEmpty, !name.utf8.contains(0) else {
            throw PostgresError(kind: .other, message: "an identifier must be non-empty text without NUL")
        }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Rounds up so a short positive wait never becomes a busy loop of zero-millisecond polls.
    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: millis)
    }
}

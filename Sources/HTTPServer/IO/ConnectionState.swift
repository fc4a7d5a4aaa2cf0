/// What the event loop and a handler thread share about one connection. It lives in the connection's
/// `Mutex`, so it is only ever read or changed under that lock.
struct ConnectionState: Sendable {
    enum Phase: Sendable {
        /// No response is outstanding: the event loop reads and frames requests.
        case reading
        /// A handler thread runs a request, and will write its response.
        case handling
        /// The socket has not taken a whole response; the event loop sends the rest on EPOLLOUT.
        case writing(PendingWrite)
        /// Our side is shut for writing; the event loop reads and discards until the peer closes or the
        /// linger deadline passes, so closing does not reset the response in flight.
        case lingering
        /// A write failed; the event loop closes the connection on its next turn.
        case failed
        case closed
    }

    var phase = Phase.reading
    var deadline: Deadline
    /// The event loop stopped while a handler ran, with work left for after it (input buffered or still
    /// unread, or the peer's input over): the handler hands the connection back through the loop's inbox.
    var loopWaiting = false

    var isHandling: Bool {
        if case .handling = phase { return true }
        return false
    }
}

/// Response bytes not yet all taken by the socket.
struct PendingWrite: Sendable {
    let bytes: [UInt8]
    var sent = 0
    /// Close (lingering first) once everything is sent, rather than wait for another request.
    let thenClose: Bool
}

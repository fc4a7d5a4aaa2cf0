/// The peer's side of a connection as its event loop sees it, and reading from it in bounded steps, so a
/// flood cannot grow the buffer unchecked nor hold the loop.
struct PeerInput {
    enum State: Equatable {
        case open
        /// Reading stopped because the framer holds as much as it may; the socket may hold more.
        case paused
        case ended
        case failed
    }

    static let readChunkBytes = 16 * 1024
    static let maxDiscardReadsPerEvent = 64

    private(set) var state = State.open
    /// epoll reported the peer's FIN: read to EOF rather than stopping at a short read.
    var sawFin = false

    var isOver: Bool { state == .ended || state == .failed }

    /// Reads what the socket has into the framer, until the framer holds `limit` unconsumed bytes.
    mutating func read(_ connection: Connection, into framer: inout RequestFramer, limit: Int) {
        guard !isOver else { return }
        state = .open
        let sawFin = sawFin
        state = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.readChunkBytes) { chunk -> State in
            while framer.unconsumedCount < limit {
                switch connection.read(into: chunk) {
                case .bytes(let count):
                    framer.append(UnsafeBufferPointer(start: chunk.baseAddress, count: count))
                    if framer.isReadingBody { connection.restartDeadline(.body) }
                    // A short read drained the socket and edge-triggered epoll reports the next arrival,
                    // unless the FIN came with this data: then its event is spent and EOF must be read now.
                    if count < Self.readChunkBytes && !sawFin { return .open }
                case .drained:
                    return .open
                case .endOfInput:
                    return .ended
                case .failed:
                    return .failed
                }
            }
            return .paused
        }
    }

    /// While lingering: reads and drops what the peer still sends, a bounded amount per event; whatever it
    /// sends after that waits for the linger deadline.
    mutating func discard(_ connection: Connection) {
        guard !isOver else { return }
        state = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.readChunkBytes) { chunk -> State in
            for _ in 0..<Self.maxDiscardReadsPerEvent {
                switch connection.read(into: chunk) {
                case .bytes: continue
                case .drained: return .open
                case .endOfInput: return .ended
                case .failed: return .failed
                }
            }
            return .open
        }
    }
}

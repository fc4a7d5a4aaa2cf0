import Foundation

/// A listening socket that never accepts, with its accept queue filled, so further connection attempts hang
/// in the TCP handshake: the loopback way to make a connect time out.
final class StalledListener {
    let port: Int
    private let listener: Int32
    private var fillers: [Int32] = []

    init() throws {
        (listener, port) = try LoopbackSocket.listen(backlog: 0)
        // Connect until one attempt no longer completes: from then on the kernel drops SYNs to this port.
        for _ in 0..<64 {
            let attempt = try LoopbackSocket.connect(port: port, wait: .milliseconds(200))
            fillers.append(attempt.descriptor)
            if !attempt.connected { return }
        }
        throw LoopbackSocket.Failure(description: "the accept queue never filled")
    }

    deinit {
        fillers.forEach { close($0) }
        close(listener)
    }

    var url: String { "http://127.0.0.1:\(port)/" }
}

import Foundation

/// A one-connection-at-a-time HTTP peer that answers every request with the same scripted bytes, for
/// response shapes our own server never sends: chunked bodies without Content-Length, interim 1xx responses.
final class ScriptedPeer: Sendable {
    let port: Int
    private let listener: Int32
    private let finished = DispatchSemaphore(value: 0)

    /// `response` is written in the given pieces; the connection is closed after the last one.
    init(responsePieces: [[UInt8]]) throws {
        (listener, port) = try LoopbackSocket.listen(backlog: 8)
        let listener = listener, finished = finished
        Thread.detachNewThread {
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { break }
                LoopbackSocket.readRequestHead(on: connection)
                for piece in responsePieces where !LoopbackSocket.send(piece, on: connection) { break }
                close(connection)
            }
            finished.signal()
        }
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Stops accepting and waits (bounded) for the peer's thread to end.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        _ = finished.wait(timeout: .now() + 5)
        close(listener)
    }

    /// A chunked 200 response carrying `chunkCount` chunks of `chunkSize` bytes each.
    static func chunkedResponse(chunkCount: Int, chunkSize: Int) -> [[UInt8]] {
        let head = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".utf8)
        let chunk = Array((String(chunkSize, radix: 16) + "\r\n").utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: chunkSize)
            + Array("\r\n".utf8)
        return [head] + Array(repeating: chunk, count: chunkCount) + [Array("0\r\n\r\n".utf8)]
    }
}

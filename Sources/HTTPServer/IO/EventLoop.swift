import Dispatch
import Foundation
import Glibc
import Synchronization

/// One I/O thread, as the rest of the server sees it: an epoll instance, the thread waiting on it, and an
/// inbox through which other threads ask that thread for things. The thread's own state — its connections
/// and their drivers — lives in a `LoopThread` that never leaves it.
final class EventLoop: Sendable {
    enum Message: Sendable {
        /// A handler finished with a connection the loop was waiting for.
        case resume(Connection)
        case stopAccepting(DispatchSemaphore)
        case closeIdle
        case closeAll(DispatchSemaphore)
        case stop
    }

    static let listenerToken = UInt64.max
    static let wakeToken = UInt64.max - 1

    let epoll: Int32
    private let wakeFD: Int32
    /// Messages for the loop's thread; nil once the loop has stopped and its wake descriptor is closed.
    private let inbox = Mutex<[Message]?>([])
    private let finished = DispatchSemaphore(value: 0)

    init(index: Int, listener: ListeningSocket, context: ServerContext) throws {
        epoll = LinuxAPI.epollCreate()
        guard epoll >= 0 else { throw SystemCallError("epoll_create1") }
        wakeFD = LinuxAPI.eventFD()
        guard wakeFD >= 0 else {
            Glibc.close(epoll)
            throw SystemCallError("eventfd")
        }
        guard LinuxAPI.epollAdd(epoll, fd: wakeFD, events: LinuxAPI.epollIn, token: Self.wakeToken),
              LinuxAPI.epollAdd(epoll, fd: listener.fd, events: LinuxAPI.epollIn | LinuxAPI.epollExclusive,
                                token: Self.listenerToken)
        else {
            let error = SystemCallError("epoll_ctl")
            Glibc.close(wakeFD)
            Glibc.close(epoll)
            throw error
        }
        let thread = Thread { [self] in
            LoopThread(loop: self, listener: listener, context: context).run()
            finish()
        }
        thread.name = "http-io-\(index)"
        thread.start()
    }

    /// Queues a message for the loop's thread and wakes it.
    func send(_ message: Message) {
        inbox.withLock { messages in
            guard messages != nil else { return }
            messages?.append(message)
            var one: UInt64 = 1
            _ = Glibc.write(wakeFD, &one, 8)
        }
    }

    /// Blocks until the loop's thread has exited.
    func join() {
        finished.wait()
    }

    /// On the loop's thread, once woken: the messages queued since the last time.
    func takeMessages() -> [Message] {
        var counter: UInt64 = 0
        _ = Glibc.read(wakeFD, &counter, 8)
        return inbox.withLock { pending in
            defer { pending?.removeAll() }
            return pending ?? []
        }
    }

    private func finish() {
        inbox.withLock { messages in
            messages = nil
            Glibc.close(wakeFD)
        }
        Glibc.close(epoll)
        finished.signal()
    }
}

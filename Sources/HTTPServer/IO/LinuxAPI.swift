import CLinuxIO
import Glibc

/// epoll, eventfd and accept4 through the `CLinuxIO` shim, with the flags the server uses.
enum LinuxAPI {
    static let epollIn = clinuxio_epoll_in
    static let epollOut = clinuxio_epoll_out
    static let epollErr = clinuxio_epoll_err
    static let epollHup = clinuxio_epoll_hup
    static let epollRdHup = clinuxio_epoll_rdhup
    static let epollExclusive = clinuxio_epoll_exclusive
    static let epollEdgeTriggered = clinuxio_epoll_edge_triggered

    /// A close-on-exec epoll instance, or -1.
    static func epollCreate() -> Int32 {
        clinuxio_epoll_create()
    }

    /// A non-blocking, close-on-exec eventfd, or -1.
    static func eventFD() -> Int32 {
        clinuxio_eventfd()
    }

    /// accept4 with the new socket non-blocking and close-on-exec.
    static func accept(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: UnsafeMutablePointer<socklen_t>?) -> Int32 {
        clinuxio_accept(fd, address, length)
    }

    /// Registers `fd` for `events` with `token` as its user data.
    static func epollAdd(_ epoll: Int32, fd: Int32, events: UInt32, token: UInt64) -> Bool {
        clinuxio_epoll_add(epoll, fd, events, token) == 0
    }

    static func epollRemove(_ epoll: Int32, fd: Int32) {
        _ = clinuxio_epoll_remove(epoll, fd)
    }
}

/// The events one `epoll_wait` reported.
struct EpollEventBuffer: ~Copyable {
    let capacity: Int
    private let events: UnsafeMutablePointer<UInt32>
    private let tokens: UnsafeMutablePointer<UInt64>

    init(capacity: Int) {
        self.capacity = min(capacity, 256)
        events = .allocate(capacity: self.capacity)
        tokens = .allocate(capacity: self.capacity)
    }

    deinit {
        events.deallocate()
        tokens.deallocate()
    }

    func wait(_ epoll: Int32, timeoutMilliseconds: Int32) -> Int {
        Int(clinuxio_epoll_wait(epoll, events, tokens, Int32(capacity), timeoutMilliseconds))
    }

    func event(at index: Int) -> (events: UInt32, token: UInt64) {
        (events[index], tokens[index])
    }
}

import Glibc

/// epoll, eventfd and accept4 are missing from Swift's Glibc module (their headers are not part of it or need
/// _GNU_SOURCE), and this target cannot carry a C shim, so they are bound once by symbol from the C library.
/// The constants are the Linux ABI values from <sys/epoll.h>, <sys/eventfd.h> and <sys/socket.h>.
enum LinuxAPI {
    typealias EpollCreate1 = @convention(c) (Int32) -> Int32
    typealias EpollControl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias EpollWait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    typealias EventFD = @convention(c) (UInt32, Int32) -> Int32
    typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    nonisolated(unsafe) static let epollCreate1: EpollCreate1 = symbol("epoll_create1")
    nonisolated(unsafe) static let epollControl: EpollControl = symbol("epoll_ctl")
    nonisolated(unsafe) static let epollWait: EpollWait = symbol("epoll_wait")
    nonisolated(unsafe) static let eventFD: EventFD = symbol("eventfd")
    nonisolated(unsafe) static let accept4: Accept4 = symbol("accept4")

    static let epollIn: UInt32 = 0x001
    static let epollOut: UInt32 = 0x004
    static let epollErr: UInt32 = 0x008
    static let epollHup: UInt32 = 0x010
    static let epollRdHup: UInt32 = 0x2000
    static let epollExclusive: UInt32 = 1 << 28
    static let epollEdgeTriggered: UInt32 = 1 << 31
    static let epollCtlAdd: Int32 = 1
    static let epollCtlDel: Int32 = 2
    static let closeOnExec: Int32 = 0o2000000
    static let nonBlocking: Int32 = 0o4000

    /// struct epoll_event is packed (12 bytes) on x86_64 and naturally aligned (16 bytes) elsewhere.
    #if arch(x86_64)
    static let epollEventStride = 12
    static let epollEventDataOffset = 4
    #else
    static let epollEventStride = 16
    static let epollEventDataOffset = 8
    #endif

    private static func symbol<Function>(_ name: String) -> Function {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else {
            fatalError("the C library lacks \(name)")
        }
        return unsafeBitCast(address, to: Function.self)
    }

    /// Registers `fd` for `events` with `token` as its user data.
    static func epollAdd(_ epoll: Int32, fd: Int32, events: UInt32, token: UInt64) -> Bool {
        withUnsafeTemporaryAllocation(byteCount: epollEventStride, alignment: 8) { raw in
            raw.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: token, toByteOffset: epollEventDataOffset, as: UInt64.self)
            return epollControl(epoll, epollCtlAdd, fd, raw.baseAddress) == 0
        }
    }

    static func epollRemove(_ epoll: Int32, fd: Int32) {
        withUnsafeTemporaryAllocation(byteCount: epollEventStride, alignment: 8) { raw in
            _ = epollControl(epoll, epollCtlDel, fd, raw.baseAddress)
        }
    }
}

/// A buffer of epoll events that `epoll_wait` fills.
struct EpollEventBuffer: ~Copyable {
    let capacity: Int
    private let storage: UnsafeMutableRawPointer

    init(capacity: Int) {
        self.capacity = capacity
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity * LinuxAPI.epollEventStride, alignment: 8)
    }

    deinit {
        storage.deallocate()
    }

    func wait(_ epoll: Int32, timeoutMilliseconds: Int32) -> Int {
        Int(LinuxAPI.epollWait(epoll, storage, Int32(capacity), timeoutMilliseconds))
    }

    func event(at index: Int) -> (events: UInt32, token: UInt64) {
        let base = storage + index * LinuxAPI.epollEventStride
        return (base.loadUnaligned(as: UInt32.self),
                base.loadUnaligned(fromByteOffset: LinuxAPI.epollEventDataOffset, as: UInt64.self))
    }
}

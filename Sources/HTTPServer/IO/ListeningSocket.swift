import Glibc

/// A failed system call, with the call's name and errno.
public struct SystemCallError: Error, Sendable, CustomStringConvertible {
    public let call: String
    public let errno: Int32

    init(_ call: String, errno: Int32 = Glibc.errno) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// The bound, listening, non-blocking server socket.
struct ListeningSocket: Sendable {
    let fd: Int32
    let boundAddress: ListenAddress

    static let backlog: Int32 = 1024

    init(address: ListenAddress) throws {
        switch address {
        case .tcp(let host, let port):
            (fd, boundAddress) = try Self.bindTCP(host: host, port: port)
        case .unix(let path):
            fd = try Self.bindUnix(path: path)
            boundAddress = address
        }
        guard listen(fd, Self.backlog) == 0 else {
            let error = SystemCallError("listen")
            Glibc.close(fd)
            throw error
        }
    }

    func close() {
        _ = Glibc.close(fd)
        if case .unix(let path) = boundAddress { unlink(path) }
    }

    private static func bindTCP(host: String, port: Int) throws -> (Int32, ListenAddress) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        guard status == 0, let first = result else {
            throw SystemCallError("getaddrinfo(\(host))", errno: status)
        }
        defer { freeaddrinfo(result) }

        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemCallError("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if first.pointee.ai_family == AF_INET6 {
            // "::" should accept only IPv6 here; an IPv4 address is asked for separately.
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let error = SystemCallError("bind(\(host):\(port))")
            Glibc.close(fd)
            throw error
        }
        try setNonBlocking(fd)
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let boundPort = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address -> Int in
                getsockname(fd, address, &length)
                return SocketAddress.port(of: address)
            }
        }
        return (fd, .tcp(host: host, port: boundPort))
    }

    private static func bindUnix(path: String) throws -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw SystemCallError("bind(unix:\(path))", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        // A socket file left by a previous run would make bind fail; remove it, but never a regular file.
        var status = stat()
        if lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFSOCK { unlink(path) }

        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemCallError("socket") }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let error = SystemCallError("bind(unix:\(path))")
            Glibc.close(fd)
            throw error
        }
        try setNonBlocking(fd)
        return fd
    }

    private static func setNonBlocking(_ fd: Int32) throws {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else {
            let error = SystemCallError("fcntl")
            Glibc.close(fd)
            throw error
        }
    }

    enum AcceptResult {
        case accepted(fd: Int32, remote: String)
        /// Nothing pending, or a connection that failed before it was accepted.
        case nonePending
        /// Out of descriptors or memory: accepting must pause, or the listener would spin the loop.
        case exhausted(errno: Int32)
    }

    /// Accepts one pending connection as non-blocking and close-on-exec, with its peer's address.
    func accept() -> AcceptResult {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        return withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address -> AcceptResult in
                let client = LinuxAPI.accept(fd, address, &length)
                guard client >= 0 else {
                    switch errno {
                    case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted(errno: errno)
                    default: return .nonePending
                    }
                }
                if address.pointee.sa_family != sa_family_t(AF_UNIX) {
                    var one: Int32 = 1
                    setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                }
                return .accepted(fd: client, remote: SocketAddress.describe(address))
            }
        }
    }
}

enum SocketAddress {
    private static func nulTerminated(_ text: [CChar]) -> String {
        String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func port(of address: UnsafePointer<sockaddr>) -> Int {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
        default:
            return 0
        }
    }

    /// "ip:port", "[ipv6]:port" or "unix".
    static func describe(_ address: UnsafePointer<sockaddr>) -> String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { inet in
                var ip = inet.pointee.sin_addr
                inet_ntop(AF_INET, &ip, &text, socklen_t(text.count))
                return "\(nulTerminated(text)):\(UInt16(bigEndian: inet.pointee.sin_port))"
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { inet6 in
                var ip = inet6.pointee.sin6_addr
                inet_ntop(AF_INET6, &ip, &text, socklen_t(text.count))
                return "[\(nulTerminated(text))]:\(UInt16(bigEndian: inet6.pointee.sin6_port))"
            }
        default:
            return "unix"
        }
    }
}

import Glibc

/// A response as read off the wire by `RawHTTPConnection`.
public struct RawResponse: Sendable {
    public let status: Int
    public let reason: String
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    /// The first value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// A tiny blocking socket client for tests: sends exact bytes, reads responses with a timeout.
/// It does not depend on the server module, so it takes a host and port or a unix socket path.
public final class RawHTTPConnection {
    public struct ConnectError: Error, CustomStringConvertible {
        public let description: String
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var closedByPeer = false

    /// `receiveBufferSize` caps the socket's receive buffer (disabling autotuning), for slow-reader tests.
    public init(host: String, port: Int, receiveBufferSize: Int? = nil) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else {
            throw ConnectError(description: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(result) }
        fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ConnectError(description: "socket: errno \(errno)") }
        if var size = receiveBufferSize.map(Int32.init(clamping:)) {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        guard connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw ConnectError(description: "connect \(host):\(port): errno \(code)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    public init(unixPath: String) throws {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(unixPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw ConnectError(description: "unix path too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ConnectError(description: "socket: errno \(errno)") }
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard status == 0 else {
            let code = errno
            Glibc.close(fd)
            throw ConnectError(description: "connect unix:\(unixPath): errno \(code)")
        }
    }

    deinit {
        Glibc.close(fd)
    }

    /// Sends all bytes; returns false if the peer is gone.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    public func send(_ text: String) -> Bool {
        send(Array(text.utf8))
    }

    /// Closes the sending direction only, as a client that has finished its request may.
    public func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads one response (an interim 1xx response counts as one). `forHead` means the body is absent.
    public func readResponse(timeout: Duration = .seconds(5), forHead: Bool = false) -> RawResponse? {
        let deadline = Self.now() + timeout
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.find([13, 10, 13, 10], in: buffer)
            if headEnd == nil && !fill(until: deadline) { return nil }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let reason = statusLine.count > 2 ? String(statusLine[2]) : ""
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), trimmed(line[line.index(after: colon)...]))
        }
        buffer.removeFirst(headEnd + 4)
        let response = { (body: [UInt8]) in RawResponse(status: status, reason: reason, headers: headers, body: body) }
        let header = { (name: String) in headers.first { $0.name.lowercased() == name }?.value }

        if forHead || status < 200 || status == 204 || status == 304 { return response([]) }
        if let lengthText = header("content-length") {
            guard let length = Int(lengthText) else { return nil }
            while buffer.count < length {
                guard fill(until: deadline) else { return nil }
            }
            let body = Array(buffer[..<length])
            buffer.removeFirst(length)
            return response(body)
        }
        if header("transfer-encoding")?.lowercased() == "chunked" {
            return readChunkedBody(until: deadline).map(response)
        }
        while fill(until: deadline) {}
        defer { buffer = [] }
        return closedByPeer ? response(buffer) : nil
    }

    private func readChunkedBody(until deadline: UInt64) -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            var lineEnd = Self.find([13, 10], in: buffer)
            while lineEnd == nil {
                guard fill(until: deadline) else { return nil }
                lineEnd = Self.find([13, 10], in: buffer)
            }
            guard let lineEnd else { return nil }
            let sizeText = String(decoding: buffer[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(trimmed(sizeText), radix: 16) else { return nil }
            buffer.removeFirst(lineEnd + 2)
            if size == 0 {
                // Skip trailers up to the empty line.
                while true {
                    var end = Self.find([13, 10], in: buffer)
                    while end == nil {
                        guard fill(until: deadline) else { return nil }
                        end = Self.find([13, 10], in: buffer)
                    }
                    guard let end else { return nil }
                    buffer.removeFirst(end + 2)
                    if end == 0 { return body }
                }
            }
            while buffer.count < size + 2 {
                guard fill(until: deadline) else { return nil }
            }
            body.append(contentsOf: buffer[..<size])
            buffer.removeFirst(size + 2)
        }
    }

    /// Everything the peer sends until it closes; nil if it did not close before the timeout.
    public func readUntilClosed(timeout: Duration = .seconds(5)) -> [UInt8]? {
        let deadline = Self.now() + timeout
        while fill(until: deadline) {}
        guard closedByPeer else { return nil }
        defer { buffer = [] }
        return buffer
    }

    /// True if the peer closes (or resets) the connection within the timeout; data it sends is discarded.
    public func isClosedByPeer(timeout: Duration = .seconds(5)) -> Bool {
        readUntilClosed(timeout: timeout) != nil
    }

    /// Reads what is available, waiting until the deadline. False on timeout or close.
    private func fill(until deadline: UInt64) -> Bool {
        guard !closedByPeer else { return false }
        while true {
            let now = Self.now()
            guard now < deadline else { return false }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min((deadline - now) / 1_000_000 + 1, 60_000)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return false }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return true
            }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            closedByPeer = true
            return false
        }
    }

    private static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        for start in 0...(bytes.count - pattern.count) where bytes[start] == pattern[0] {
            if bytes[start..<(start + pattern.count)].elementsEqual(pattern) { return start }
        }
        return nil
    }
}

private func + (lhs: UInt64, rhs: Duration) -> UInt64 {
    let (seconds, attoseconds) = rhs.components
    return lhs + UInt64(max(seconds, 0)) * 1_000_000_000 + UInt64(max(attoseconds, 0) / 1_000_000_000)
}

private func trimmed(_ text: Substring) -> String {
    String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
}

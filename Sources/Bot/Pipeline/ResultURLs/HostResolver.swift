import Foundation
import HTTPClient

/// The system resolver (getaddrinfo: /etc/hosts, then DNS), asked for every TCP address of a name.
enum HostResolver {
    /// Throws `HTTPClientError.connect` when the name resolves to nothing: like a refused connection, worth
    /// another try later.
    static func addresses(of host: String) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        defer { freeaddrinfo(list) }
        guard status == 0 else {
            throw HTTPClientError.connect("cannot resolve the result host: \(String(cString: gai_strerror(status)))")
        }
        var addresses: [IPAddress] = []
        var entry = list
        while let current = entry?.pointee {
            if let address = Self.address(of: current), !addresses.contains(address) { addresses.append(address) }
            entry = current.ai_next
        }
        guard !addresses.isEmpty else { throw HTTPClientError.connect("the result host has no address") }
        return addresses
    }

    private static func address(of entry: addrinfo) -> IPAddress? {
        guard let socketAddress = entry.ai_addr else { return nil }
        switch entry.ai_family {
        case AF_INET:
            return socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 in
                withUnsafeBytes(of: ipv4.pointee.sin_addr) { IPAddress(bytes: Array($0)) }
            }
        case AF_INET6:
            return socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ipv6 in
                withUnsafeBytes(of: ipv6.pointee.sin6_addr) { IPAddress(bytes: Array($0)) }
            }
        default:
            return nil
        }
    }
}

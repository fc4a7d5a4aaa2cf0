/// Where an address leads (IANA's special-purpose registries, RFC 6890). A result is fetched only from a `public`
/// address, unless the sandbox's stand-ins on this machine are allowed (`isLocal`).
enum AddressClass: String, Sendable {
    case `public`
    /// 0.0.0.0/8, `::`: "this host", which Linux connects to itself.
    case unspecified
    /// 127.0.0.0/8, `::1`.
    case loopback
    /// 10/8, 172.16/12, 192.168/16, fc00::/7.
    case `private`
    /// 100.64.0.0/10, carrier-grade NAT (RFC 6598).
    case sharedAddressSpace = "shared_address_space"
    /// 169.254/16, fe80::/10.
    case linkLocal = "link_local"
    /// 224/4, ff00::/8.
    case multicast
    /// Documentation, benchmarking, protocol assignments, 240/4, broadcast, deprecated IPv6 forms.
    case reserved

    /// Addresses on this machine or its own networks: what the sandbox's stand-ins listen on.
    var isLocal: Bool {
        [.loopback, .private, .sharedAddressSpace, .linkLocal].contains(self)
    }

    init(_ address: IPAddress) {
        if address.isIPv4 {
            self = Self.classify(ipv4: address)
        } else if let embedded = Self.embeddedIPv4(address) {
            // IPv4-mapped, NAT64 and 6to4 addresses lead to the IPv4 address inside them.
            self = Self.classify(ipv4: embedded)
        } else {
            self = Self.v6Ranges.first { address.hasPrefix($0.prefix, length: $0.length) }?.class ?? .public
        }
    }

    private static func classify(ipv4 address: IPAddress) -> AddressClass {
        v4Ranges.first { address.hasPrefix($0.prefix, length: $0.length) }?.class ?? .public
    }

    private typealias Range = (prefix: [UInt8], length: Int, class: AddressClass)

    private static let v4Ranges: [Range] = [
        ([0, 0, 0, 0], 8, .unspecified),
        ([10, 0, 0, 0], 8, .private),
        ([100, 64, 0, 0], 10, .sharedAddressSpace),
        ([127, 0, 0, 0], 8, .loopback),
        ([169, 254, 0, 0], 16, .linkLocal),
        ([172, 16, 0, 0], 12, .private),
        ([192, 0, 0, 0], 24, .reserved),
        ([192, 0, 2, 0], 24, .reserved),
        ([192, 88, 99, 0], 24, .reserved),
        ([192, 168, 0, 0], 16, .private),
        ([198, 18, 0, 0], 15, .reserved),
        ([198, 51, 100, 0], 24, .reserved),
        ([203, 0, 113, 0], 24, .reserved),
        ([224, 0, 0, 0], 4, .multicast),
        ([240, 0, 0, 0], 4, .reserved),
    ]

    private static let v6Ranges: [Range] = [
        (v6([]), 128, .unspecified),
        (v6([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), 128, .loopback),
        // IPv4-compatible addresses (deprecated): `::a.b.c.d`.
        (v6([]), 96, .reserved),
        (v6([0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01]), 48, .reserved),
        (v6([0x01, 0x00]), 64, .reserved),
        (v6([0x20, 0x01, 0x0D, 0xB8]), 32, .reserved),
        (v6([0x20, 0x01]), 23, .reserved),
        (v6([0xFC]), 7, .private),
        (v6([0xFE, 0x80]), 10, .linkLocal),
        (v6([0xFE, 0xC0]), 10, .reserved),
        (v6([0xFF]), 8, .multicast),
    ]

    /// The IPv4 address inside `::ffff:a.b.c.d`, `64:ff9b::a.b.c.d` or 6to4's `2002:aabb:ccdd::/48`.
    private static func embeddedIPv4(_ address: IPAddress) -> IPAddress? {
        let bytes = address.bytes
        if address.hasPrefix(v6([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]), length: 96)
            || address.hasPrefix(v6([0x00, 0x64, 0xFF, 0x9B]), length: 96) {
            return IPAddress(bytes: Array(bytes[12..<16]))
        }
        if address.hasPrefix(v6([0x20, 0x02]), length: 16) {
            return IPAddress(bytes: Array(bytes[2..<6]))
        }
        return nil
    }

    /// Sixteen bytes: `head`, then zeros.
    private static func v6(_ head: [UInt8]) -> [UInt8] {
        head + [UInt8](repeating: 0, count: 16 - head.count)
    }
}

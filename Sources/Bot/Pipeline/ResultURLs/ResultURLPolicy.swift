import Foundation
import HTTPClient

/// Where KIE's result videos may be downloaded from. A callback's body is not covered by KIE's signature, so its
/// `resultUrls` are untrusted: only https, only hosts on the allow-list, and only public addresses after resolution
/// (the address checked is the one connected to). The sandbox and the tests allow local addresses, where their
/// stand-ins listen, over plain http too.
public struct ResultURLPolicy: Sendable, Equatable {
    /// Host names (`tempfile.aiquickdraw.com`), `*.` and a name for any of its subdomains (not the name itself),
    /// or IP addresses; normalised to lower case, without a trailing dot.
    public let hosts: [String]
    /// Also loopback, private, link-local and shared (CGNAT) addresses, and plain http to them.
    public let allowsPrivateAddresses: Bool

    public init(hosts: [String], allowsPrivateAddresses: Bool = false) {
        self.hosts = hosts.map(Self.normalised)
        self.allowsPrivateAddresses = allowsPrivateAddresses
    }

    /// Whether `pattern` may stand in the allow-list: a DNS name, `*.` and a DNS name, or an IP address.
    public static func isValidHostPattern(_ pattern: String) -> Bool {
        IPAddress(pattern) != nil || isValidName(pattern.hasPrefix("*.") ? String(pattern.dropFirst(2)) : pattern)
    }

    /// Letters, digits and inner hyphens in dot-separated labels of 1–63 characters, 253 in all.
    private static func isValidName(_ name: String) -> Bool {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return name.utf8.count <= 253 && labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.utf8.allSatisfy { $0.isASCIILetterOrDigit || $0 == UInt8(ascii: "-") }
        }
    }

    /// The host to fetch `url` from, when the URL passes every check that needs no network: run as a report
    /// arrives, so a refused URL never gets as far as a download job.
    func check(_ url: String) throws(ResultURLRefusal) -> ResultHost {
        guard let components = URLComponents(string: url), let rawHost = components.percentEncodedHost,
              !rawHost.isEmpty else { throw ResultURLRefusal(reason: .malformed) }
        let scheme = components.scheme?.lowercased() ?? ""
        guard scheme == "https" || (scheme == "http" && allowsPrivateAddresses) else {
            throw ResultURLRefusal(reason: .scheme(scheme))
        }
        let host = Self.normalised(rawHost)
        // Percent-encoded or otherwise odd names are nobody's file host, whatever a resolver would make of them.
        guard IPAddress(host) != nil || Self.isValidName(host) else { throw ResultURLRefusal(reason: .malformed) }
        guard hosts.contains(where: { Self.host(host, matches: $0) }) else {
            throw ResultURLRefusal(reason: .hostNotAllowed(host))
        }
        return ResultHost(name: host, isHTTPS: scheme == "https")
    }

    /// The address to connect to for `url`: every address its host resolves to must be allowed (a second lookup
    /// could return any of them), and the first is pinned for the connection so DNS cannot swap it afterwards.
    func address(toFetch url: String,
                        resolve: (String) throws -> [IPAddress] = HostResolver.addresses) throws -> IPAddress {
        let host = try check(url)
        let addresses = try IPAddress(host.name).map { [$0] } ?? resolve(host.name)
        for address in addresses {
            let addressClass = AddressClass(address)
            guard addressClass == .public || (allowsPrivateAddresses && addressClass.isLocal) else {
                throw ResultURLRefusal(reason: .address(host: host.name, address: address, class: addressClass))
            }
            if !host.isHTTPS && addressClass == .public {
                throw ResultURLRefusal(reason: .plainHTTPToPublicAddress(host: host.name))
            }
        }
        guard let first = addresses.first else { throw HTTPClientError.connect("the result host has no address") }
        return first
    }

    /// A wildcard matches names only: `*.0.0.1` is no pattern for 127.0.0.1.
    private static func host(_ host: String, matches pattern: String) -> Bool {
        guard pattern.hasPrefix("*."), IPAddress(host) == nil else { return host == pattern }
        return host.hasSuffix(pattern.dropFirst())
    }

    /// Lower case without a trailing dot; an IP address in its canonical text, without brackets.
    private static func normalised(_ host: String) -> String {
        if let address = IPAddress(host) { return address.description }
        let lowered = host.lowercased()
        return lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
    }
}

/// A result URL's host as the checks read it.
struct ResultHost: Sendable, Equatable {
    let name: String
    let isHTTPS: Bool
}

extension UInt8 {
    fileprivate var isASCIILetterOrDigit: Bool {
        (48...57).contains(self) || (65...90).contains(self) || (97...122).contains(self)
    }
}

import HTTPClient
import Testing
@testable import Bot

/// A result URL is downloaded only over https, from a host on the list, at a public address.
@Suite struct ResultURLPolicyTests {
    let production = ResultURLPolicy(hosts: ["*.aiquickdraw.com", "*.redpandaai.co", "*.kie.ai"])

    func refusal(_ policy: ResultURLPolicy, _ url: String) -> ResultURLRefusal.Reason? {
        do {
            _ = try policy.check(url)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func httpsOnAListedHostPasses() throws {
        #expect(try production.check("https://tempfile.aiquickdraw.com/f/abc.mp4")
            == ResultHost(name: "tempfile.aiquickdraw.com", isHTTPS: true))
        #expect(try production.check("HTTPS://TempFile.AIQuickDraw.com./f/abc.mp4").name == "tempfile.aiquickdraw.com")
    }

    @Test func plainHTTPAndOtherSchemesAreRefused() {
        #expect(refusal(production, "http://tempfile.aiquickdraw.com/f/abc.mp4") == .scheme("http"))
        #expect(refusal(production, "ftp://tempfile.aiquickdraw.com/f/abc.mp4") == .scheme("ftp"))
        #expect(refusal(production, "file:///etc/passwd") == .malformed)
        #expect(refusal(production, "not a url at all") == .malformed)
    }

    @Test func aWildcardCoversSubdomainsOnly() {
        for host in ["a.kie.ai", "a.b.kie.ai", "tempfile.redpandaai.co"] {
            #expect(refusal(production, "https://\(host)/v.mp4") == nil, "\(host)")
        }
        for host in ["kie.ai", "evilkie.ai", "kie.ai.evil.com", "a.kie.ai.evil.com", "aiquickdraw.com.evil.com"] {
            #expect(refusal(production, "https://\(host)/v.mp4") == .hostNotAllowed(host), "\(host)")
        }
    }

    @Test func userinfoAndEncodingDoNotChangeTheHost() {
        #expect(refusal(production, "https://a.kie.ai@evil.com/v.mp4") == .hostNotAllowed("evil.com"))
        #expect(refusal(production, "https://evil.com%2ekie.ai/v.mp4") == .malformed)
    }

    @Test func anIPLiteralMustBeListedItself() {
        #expect(refusal(production, "https://93.184.216.34/v.mp4") == .hostNotAllowed("93.184.216.34"))
        #expect(refusal(ResultURLPolicy(hosts: ["*.0.0.1"]), "https://127.0.0.1/v.mp4") == .hostNotAllowed("127.0.0.1"))
        let listed = ResultURLPolicy(hosts: ["93.184.216.34", "[2606:4700:0::1111]"])
        #expect(refusal(listed, "https://93.184.216.34/v.mp4") == nil)
        #expect(refusal(listed, "https://[2606:4700::1111]/v.mp4") == nil)
    }

    @Test(arguments: [
        ("127.0.0.1", AddressClass.loopback), ("127.255.0.9", .loopback), ("10.1.2.3", .private),
        ("172.16.0.1", .private), ("172.31.255.255", .private), ("192.168.1.1", .private),
        ("100.64.0.1", .sharedAddressSpace), ("100.127.255.254", .sharedAddressSpace),
        ("169.254.169.254", .linkLocal), ("224.0.0.1", .multicast), ("239.255.255.250", .multicast),
        ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified), ("255.255.255.255", .reserved), ("240.0.0.1", .reserved),
        ("192.0.2.10", .reserved), ("198.18.0.1", .reserved),
        ("::", .unspecified), ("::1", .loopback), ("fe80::1", .linkLocal), ("febf::1", .linkLocal),
        ("fc00::1", .private), ("fd12:3456::1", .private), ("ff02::1", .multicast), ("2001:db8::1", .reserved),
        ("::ffff:127.0.0.1", .loopback), ("::ffff:10.0.0.1", .private), ("::ffff:169.254.169.254", .linkLocal),
        ("::ffff:100.64.1.1", .sharedAddressSpace), ("::ffff:0.0.0.0", .unspecified), ("64:ff9b::a00:1", .private),
        ("2002:7f00:1::", .loopback), ("::127.0.0.1", .reserved), ("fec0::1", .reserved),
        ("93.184.216.34", .public), ("172.32.0.1", .public), ("100.128.0.1", .public), ("8.8.8.8", .public),
        ("2606:4700::1111", .public), ("::ffff:8.8.8.8", .public), ("64:ff9b::808:808", .public),
    ])
    func everyAddressHasItsClass(text: String, expected: AddressClass) throws {
        #expect(AddressClass(try #require(IPAddress(text))) == expected, "\(text)")
    }

    @Test(arguments: ["127.0.0.1", "10.0.0.5", "172.20.1.1", "192.168.0.10", "100.64.0.1", "169.254.169.254",
                      "224.0.0.251", "0.0.0.0", "[::1]", "[::]", "[fe80::1]", "[fd00::1]", "[ff02::1]",
                      "[::ffff:127.0.0.1]", "[::ffff:192.168.0.1]", "[::ffff:a9fe:a9fe]"])
    func aListedAddressOfARefusedClassIsStillRefused(host: String) throws {
        let policy = ResultURLPolicy(hosts: [host])
        let address = try #require(IPAddress(host))
        #expect(throws: ResultURLRefusal(reason: .address(host: address.description, address: address,
                                                          class: AddressClass(address)))) {
            try policy.address(toFetch: "https://\(host)/v.mp4") { _ in
                Issue.record("an address is not looked up")
                return []
            }
        }
    }

    /// The address is checked after resolution: a listed name that resolves somewhere private is refused.
    @Test func aNameResolvingToLoopbackIsRefusedUnlessPrivateAddressesAreAllowed() throws {
        let strict = ResultURLPolicy(hosts: ["localhost"])
        let error = #expect(throws: ResultURLRefusal.self) { try strict.address(toFetch: "https://localhost/v.mp4") }
        guard case .address(let host, let address, let addressClass) = error?.reason else {
            Issue.record("expected an address refusal, got \(String(describing: error))")
            return
        }
        #expect(host == "localhost" && addressClass == .loopback && ["127.0.0.1", "::1"].contains(address.description))

        let sandbox = ResultURLPolicy(hosts: ["localhost"], allowsPrivateAddresses: true)
        #expect(["127.0.0.1", "::1"].contains(try sandbox.address(toFetch: "http://localhost:8080/v.mp4").description))
    }

    @Test func everyResolvedAddressMustBeAllowedAndTheFirstIsPinned() throws {
        let url = "https://tempfile.aiquickdraw.com/v.mp4"
        let mixed = [IPAddress("93.184.216.34"), IPAddress("10.0.0.7")].compactMap { $0 }
        #expect(throws: ResultURLRefusal.self) { try production.address(toFetch: url) { _ in mixed } }
        let public2 = [IPAddress("93.184.216.34"), IPAddress("2606:4700::1111")].compactMap { $0 }
        #expect(try production.address(toFetch: url) { _ in public2 } == public2[0])
    }

    @Test func plainHTTPIsOnlyForPrivateAddresses() throws {
        let sandbox = ResultURLPolicy(hosts: ["files.example.com", "127.0.0.1"], allowsPrivateAddresses: true)
        #expect(try sandbox.address(toFetch: "http://127.0.0.1:9/v.mp4").description == "127.0.0.1")
        #expect(throws: ResultURLRefusal(reason: .plainHTTPToPublicAddress(host: "files.example.com"))) {
            try sandbox.address(toFetch: "http://files.example.com/v.mp4") { _ in [IPAddress("93.184.216.34")!] }
        }
        #expect(try sandbox.address(toFetch: "https://files.example.com/v.mp4") { _ in [IPAddress("93.184.216.34")!] }
            .description == "93.184.216.34")
    }

    @Test func aNameThatDoesNotResolveIsWorthAnotherTry() {
        let policy = ResultURLPolicy(hosts: ["*.invalid"])
        let error = #expect(throws: HTTPClientError.self) { try policy.address(toFetch: "https://nowhere.invalid/v.mp4") }
        guard case .connect = error else {
            Issue.record("expected .connect, got \(String(describing: error))")
            return
        }
    }

    @Test(arguments: [("tempfile.aiquickdraw.com", true), ("*.kie.ai", true), ("127.0.0.1", true), ("[::1]", true),
                      ("::1", true), ("", false), ("*", false), ("*.", false), ("evil*.example.com", false),
                      ("a.*.example.com", false), ("https://x.kie.ai", false), ("x.kie.ai/path", false),
                      ("-bad.example.com", false), ("a..b", false), ("пример.рф", false)])
    func hostPatternsAreNamesWildcardsOrAddresses(pattern: String, valid: Bool) {
        #expect(ResultURLPolicy.isValidHostPattern(pattern) == valid, "\(pattern)")
    }
}

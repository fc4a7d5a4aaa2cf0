import Foundation
import HTTPClient
import HTTPServer
import Testing

/// `connectAddress` pins where a request connects, whatever its URL's host resolves to: the caller checked that
/// address, and no lookup afterwards can swap it.
struct ConnectAddressTests {
    static func hostEchoServer() throws -> TestServer {
        try TestServer { router in
            router.get("/host") { request in .text(request.headers["Host"] ?? "") }
        }
    }

    @Test func aPinnedRequestReachesTheAddressAndStillNamesItsHost() throws {
        let server = try Self.hostEchoServer()
        defer { server.stop() }
        let port = try #require(server.baseURL.split(separator: ":").last)
        // .invalid never resolves (RFC 6761): only the pinned address can answer.
        let url = "http://rebinding.invalid:\(port)/host"
        #expect(throws: HTTPClientError.self) { try HTTPClient().send(HTTPClientRequest(url: url)) }

        let response = try HTTPClient().send(HTTPClientRequest(url: url, connectAddress: "127.0.0.1"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "rebinding.invalid:\(port)")
    }

    @Test func thePinHoldsEvenAgainstAnAddressInTheURL() throws {
        let server = try Self.hostEchoServer()
        defer { server.stop() }
        let client = HTTPClient()
        #expect(try client.send(HTTPClientRequest(url: server.baseURL + "/host")).status == 200)
        // The server listens on 127.0.0.1 only; pinned elsewhere on loopback, the same URL finds nobody.
        let error = #expect(throws: HTTPClientError.self) {
            try client.send(HTTPClientRequest(url: server.baseURL + "/host", connectAddress: "127.0.0.2"))
        }
        guard case .connect = error else {
            Issue.record("expected .connect, got \(String(describing: error))")
            return
        }
    }

    @Test(arguments: ["example.com", "127.0.0.1:80", "::127.0.0.1:", "127.0.0.1\r\nX: y", "", "[::1]"])
    func onlyAnIPAddressCanBePinned(address: String) {
        let error = #expect(throws: HTTPClientError.self) {
            try HTTPClient().send(HTTPClientRequest(url: "http://127.0.0.1:9/", connectAddress: address))
        }
        guard case .invalidRequest = error else {
            Issue.record("expected .invalidRequest, got \(String(describing: error))")
            return
        }
    }

    @Test func anIPv6AddressIsPinnedInItsBrackets() throws {
        // Nothing listens on ::1 here: the attempt reaching it and failing to connect shows it was used.
        let error = #expect(throws: HTTPClientError.self) {
            try HTTPClient().send(HTTPClientRequest(url: "http://rebinding.invalid:9/", connectAddress: "::1"))
        }
        guard case .connect(let reason) = error else {
            Issue.record("expected .connect, got \(String(describing: error))")
            return
        }
        #expect(!reason.lowercased().contains("resolve"), "\(reason)")
    }
}

import Foundation
import HTTPServer
import Logging
import Testing
import TestSupport

@Suite("Listening addresses")
struct ListeningTests {
    @Test(arguments: [
        ("127.0.0.1:8080", ListenAddress.tcp(host: "127.0.0.1", port: 8080)),
        ("[::1]:8080", .tcp(host: "::1", port: 8080)),
        ("0.0.0.0:80", .tcp(host: "0.0.0.0", port: 80)),
        ("localhost:0", .tcp(host: "localhost", port: 0)),
        ("unix:/run/x.sock", .unix(path: "/run/x.sock")),
    ])
    func parsesAddresses(text: String, expected: ListenAddress) throws {
        #expect(try ListenAddress(parsing: text) == expected)
    }

    @Test(arguments: ["", "8080", "host:", "host:http", "::1:80", "[::1]80", "1.2.3.4:70000", "unix:", ":80"])
    func rejectsBadAddresses(text: String) {
        #expect(throws: ListenAddress.ParseError.self) { try ListenAddress(parsing: text) }
    }

    @Test func descriptionRoundTrips() throws {
        for text in ["127.0.0.1:8080", "[::1]:9", "unix:/tmp/a.sock"] {
            #expect(try ListenAddress(parsing: text).description == text)
        }
    }

    @Test func servesOverIPv6() throws {
        let server = try TestServer { $0.address = .tcp(host: "::1", port: 0) }
        #expect(server.host == "::1")
        let (response, _) = try server.exchange("GET /remote HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.bodyText.hasPrefix("[::1]:") == true)
    }

    @Test func servesOverUnixSocket() throws {
        let path = NSTemporaryDirectory() + "http-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        var configuration = TestServer.quickConfiguration()
        configuration.address = .unix(path: path)
        let server = HTTPServer(configuration: configuration, router: TestServer.makeRouter(), logger: Logger(label: "t"))
        try server.start()
        defer { server.shutdown() }
        #expect(server.boundAddress == .unix(path: path))
        let connection = try RawHTTPConnection(unixPath: path)
        connection.send("GET /remote HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(connection.readResponse()?.bodyText == "unix")
        connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(connection.readResponse()?.status == 200)
    }

    @Test func bindFailureThrows() throws {
        let first = try TestServer()
        let second = HTTPServer(
            configuration: HTTPServerConfiguration(address: .tcp(host: "127.0.0.1", port: first.port)),
            router: Router(), logger: Logger(label: "t"))
        #expect(throws: SystemCallError.self) { try second.start() }
    }
}

import HTTPServer
import Testing
import TestSupport

@Suite("Limits")
struct LimitTests {
    @Test func longRequestLineIs414() throws {
        let server = try TestServer()
        let (response, connection) = try server.exchange(
            "GET /\(String(repeating: "a", count: 2000)) HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.status == 414)
        #expect(connection.isClosedByPeer())
    }

    @Test func longRequestLineWithoutEndIs414() throws {
        let server = try TestServer()
        let (response, _) = try server.exchange("GET /\(String(repeating: "a", count: 5000))")
        #expect(response?.status == 414)
    }

    @Test func largeHeaderSectionIs431() throws {
        let server = try TestServer()
        let big = String(repeating: "v", count: 5000)
        let (response, connection) = try server.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(big)\r\n\r\n")
        #expect(response?.status == 431)
        #expect(connection.isClosedByPeer())
    }

    @Test func unterminatedLargeHeaderSectionIs431() throws {
        let server = try TestServer()
        let (response, _) = try server.exchange(
            "GET /healthz HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-A: b\r\n", count: 1000))
        #expect(response?.status == 431)
    }

    @Test func tooManyHeadersIs431() throws {
        let server = try TestServer()
        let headers = (0..<25).map { "X-\($0): v\r\n" }.joined()
        let (response, connection) = try server.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\(headers)\r\n")
        #expect(response?.status == 431)
        #expect(connection.isClosedByPeer())
    }

    @Test func declaredBodyOverRouteLimitIs413() throws {
        let server = try TestServer()
        let (response, connection) = try server.exchange(
            "POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n12345678901234567")
        #expect(response?.status == 413)
        #expect(connection.isClosedByPeer())
        let (within, _) = try server.exchange("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 16\r\n\r\n1234567890123456")
        #expect(within?.bodyText == "got 16")
    }

    @Test func declaredBodyOverDefaultLimitIs413() throws {
        let server = try TestServer()
        let (response, _) = try server.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n")
        #expect(response?.status == 413)
    }

    @Test func chunkedBodyOverRouteLimitIs413() throws {
        let server = try TestServer()
        let (response, connection) = try server.exchange(
            "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n1\r\n9\r\n0\r\n\r\n")
        #expect(response?.status == 413)
        #expect(connection.isClosedByPeer())
    }

    @Test func bodyAtTheDefaultLimitIsAccepted() throws {
        let server = try TestServer()
        let body = String(repeating: "z", count: 64 * 1024)
        let (response, _) = try server.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        #expect(response?.header("X-Body-Length") == String(64 * 1024))
    }

    @Test func connectionsBeyondTheLimitAreRefused() throws {
        let server = try TestServer { $0.maxConnections = 3 }
        var held: [RawHTTPConnection] = []
        for _ in 0..<3 {
            let connection = try server.connect()
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(connection.readResponse()?.status == 200)
            held.append(connection)
        }
        let extra = try server.connect()
        let refused = extra.readUntilClosed() ?? []
        #expect(refused.isEmpty || String(decoding: refused, as: UTF8.self).hasPrefix("HTTP/1.1 503"))
        held.removeAll()
        // Freed slots are usable again.
        #expect(eventually {
            guard let connection = try? server.connect() else { return false }
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            return connection.readResponse(timeout: .milliseconds(300))?.status == 200
        })
    }
}

import Glibc
import HTTPServer
import Testing
import TestSupport

@Suite("Timeouts and idle connections")
struct TimeoutTests {
    @Test func slowHeaderGets408ThenClose() throws {
        let server = try TestServer()
        let connection = try server.connect()
        connection.send("GET /healthz HTTP/1.1\r\nHost:")
        let response = connection.readResponse(timeout: .seconds(5))
        #expect(response?.status == 408)
        #expect(connection.isClosedByPeer())
    }

    @Test func tricklingHeaderStillTimesOut() throws {
        let server = try TestServer()
        let connection = try server.connect()
        // One byte every 50 ms keeps the connection busy, but the header timeout counts from the first byte.
        let bytes = Array("GET /healthz HTTP/1.1\r\nX-Padding: ".utf8) + [UInt8](repeating: 0x61, count: 200)
        var gotResponse = false
        for byte in bytes {
            guard connection.send([byte]) else { break }
            if let response = connection.readResponse(timeout: .milliseconds(50)) {
                #expect(response.status == 408)
                gotResponse = true
                break
            }
        }
        #expect(gotResponse)
    }

    @Test func stalledBodyGets408ThenClose() throws {
        let server = try TestServer()
        let connection = try server.connect()
        connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        #expect(connection.readResponse()?.status == 408)
        #expect(connection.isClosedByPeer())
    }

    @Test func stalledChunkedBodyGets408() throws {
        let server = try TestServer()
        let connection = try server.connect()
        connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")
        #expect(connection.readResponse()?.status == 408)
    }

    @Test func idleKeepAliveIsClosedSilently() throws {
        let server = try TestServer()
        let (response, connection) = try server.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.status == 200)
        let rest = connection.readUntilClosed(timeout: .seconds(5))
        #expect(rest == [])
    }

    @Test func silentNewConnectionIsDropped() throws {
        let server = try TestServer()
        let connection = try server.connect()
        #expect(connection.readUntilClosed(timeout: .seconds(5)) == [])
    }

    @Test func slowReaderIsClosedAndOthersAreServed() throws {
        let server = try TestServer()
        let reader = try RawHTTPConnection(host: server.host, port: server.port, receiveBufferSize: 16 * 1024)
        reader.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        let other = try server.connect()
        other.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(other.readResponse()?.status == 200)
        // The reader never reads; once the write timeout passes the server drops it (only `other` remains).
        #expect(eventually(timeout: .seconds(10)) { server.server.openConnections <= 1 })
        let received = reader.readUntilClosed(timeout: .seconds(10))
        #expect(received != nil)
        #expect((received?.count ?? Int.max) < 8 << 20)
        other.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(other.readResponse()?.status == 200)
    }

    @Test func thousandIdleConnectionsDoNotDelayANewClient() throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 16384 {
            limit.rlim_cur = min(16384, limit.rlim_max)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        let server = try TestServer {
            $0.idleTimeout = .seconds(30)
            $0.headerTimeout = .seconds(30)
        }
        var idle: [RawHTTPConnection] = []
        for _ in 0..<1000 {
            let connection = try server.connect()
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(connection.readResponse()?.status == 200)
            idle.append(connection)
        }
        #expect(server.server.openConnections == 1000)
        let clock = ContinuousClock()
        let started = clock.now
        let (response, _) = try server.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.status == 200)
        #expect(clock.now - started < .seconds(1))
        // And the idle ones are all still usable.
        for connection in idle.prefix(50) {
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(connection.readResponse()?.status == 200)
        }
    }
}

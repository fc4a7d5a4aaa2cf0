import Dispatch
import HTTPClient
import HTTPServer
import Testing

/// Connections that cannot be made, cannot be secured, or take too long.
struct FailureTests {
    @Test func closedPortIsAConnectError() throws {
        let port = try LoopbackSocket.closedPort()
        let error = #expect(throws: HTTPClientError.self) {
            try HTTPClient().send(HTTPClientRequest(url: "http://127.0.0.1:\(port)/"))
        }
        guard case .connect = error else {
            Issue.record("expected .connect, got \(String(describing: error))")
            return
        }
    }

    @Test func unansweredHandshakeTimesOutAsAConnectError() throws {
        let listener = try StalledListener()
        let client = HTTPClient(configuration: .init(connectTimeout: .milliseconds(300)))
        let clock = ContinuousClock()
        let started = clock.now

        let error = #expect(throws: HTTPClientError.self) {
            try client.send(HTTPClientRequest(url: listener.url))
        }

        guard case .connect = error else {
            Issue.record("expected .connect, got \(String(describing: error))")
            return
        }
        #expect(clock.now - started < .seconds(5))
    }

    @Test func failedHandshakeIsATLSError() throws {
        // A plain-HTTP peer behind an https URL: its first bytes are not a TLS ServerHello.
        let peer = try ScriptedPeer(responsePieces: [Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8)])
        defer { peer.stop() }

        let error = #expect(throws: HTTPClientError.self) {
            try HTTPClient().send(HTTPClientRequest(url: "https://127.0.0.1:\(peer.port)/"))
        }

        guard case .tls = error else {
            Issue.record("expected .tls, got \(String(describing: error))")
            return
        }
    }

    @Test func slowHandlerHitsTheTotalTimeout() throws {
        let release = DispatchSemaphore(value: 0)
        let server = try TestServer { router in
            router.get("/slow") { _ in
                // Bounded so a failing test cannot hang the server's shutdown.
                _ = release.wait(timeout: .now() + 5)
                return .text("late")
            }
        }
        defer { server.stop() }
        defer { release.signal() }
        let clock = ContinuousClock()
        let started = clock.now

        #expect(throws: HTTPClientError.timeout) {
            try HTTPClient().send(HTTPClientRequest(url: server.baseURL + "/slow", timeout: .milliseconds(300)))
        }
        #expect(clock.now - started < .seconds(4))
    }
}

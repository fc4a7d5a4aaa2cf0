import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite("Handler threads")
struct HandlerPoolTests {
    @Test func slowHandlersDoNotHoldUpOtherRequests() throws {
        let server = try TestServer { $0.handlerThreads = 4 }
        // Three handlers sleep for a second; a fourth thread is still free for a quick request.
        let slow = try (0..<3).map { _ in try server.connect() }
        for connection in slow { connection.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n") }
        let clock = ContinuousClock()
        let started = clock.now
        let (response, _) = try server.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response?.status == 200)
        #expect(clock.now - started < .milliseconds(800))
        for connection in slow { #expect(connection.readResponse()?.bodyText == "slow done") }
    }

    @Test func concurrentClientsAreAllServed() throws {
        let server = try TestServer()
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            guard let connection = try? server.connect() else {
                failures.add(1)
                return
            }
            for index in 0..<200 {
                connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(String(index).utf8.count)\r\n\r\n\(index)")
                if connection.readResponse()?.bodyText != String(index) { failures.add(1) }
            }
        }
        #expect(failures.value == 0)
    }
}

import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test func inFlightRequestCompletesAndNewConnectionsAreRefused() throws {
        let server = try TestServer()
        let busy = try server.connect()
        busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        let idle = try server.connect()
        idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(idle.readResponse()?.status == 200)

        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            server.server.shutdown()
            finished.signal()
        }
        // New connections are refused once the listener is closed.
        #expect(eventually { (try? server.connect()) == nil })
        // The idle keep-alive connection is closed without a response.
        #expect(idle.readUntilClosed() == [])
        // The in-flight request still gets its response, marked as the last on the connection.
        let response = busy.readResponse()
        #expect(response?.bodyText == "slow done")
        #expect(response?.header("Connection") == "close")
        #expect(busy.isClosedByPeer())
        #expect(finished.wait(timeout: .now() + 10) == .success)
    }

    @Test func shutdownIsBoundedByTheGracePeriod() throws {
        let server = try TestServer { $0.shutdownGracePeriod = .milliseconds(100) }
        let busy = try server.connect()
        busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(eventually { server.server.openConnections == 1 })
        let clock = ContinuousClock()
        let started = clock.now
        server.server.shutdown()
        #expect(clock.now - started < .seconds(5))
        #expect(busy.isClosedByPeer())
    }
}

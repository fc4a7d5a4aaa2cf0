import Foundation
import HTTPClient
import HTTPServer
import Synchronization
import Testing

struct ConcurrencyTests {
    static func echoServer() throws -> TestServer {
        try TestServer { router in
            router.post("/echo/:id") { request in
                let id = request.pathParameters["id"] ?? "?"
                var response = HTTPResponse.text("\(id):" + String(decoding: request.body, as: UTF8.self))
                response.headers.add("X-Id", id)
                response.headers.add("X-Peer", request.remoteAddress)
                return response
            }
            router.get("/sized/:size") { request in
                let size = Int(request.pathParameters["size"] ?? "") ?? 0
                return HTTPResponse(body: Self.pattern(size: size))
            }
        }
    }

    static func pattern(size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: $0 &+ size) }
    }

    @Test func sixteenThreadsEachGetTheirOwnAnswers() throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let client = HTTPClient()
        let failures = Mutex<[String]>([])
        let done = DispatchGroup()
        let requestsPerThread = 25

        for thread in 0..<16 {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                for index in 0..<requestsPerThread {
                    let id = "t\(thread)-r\(index)"
                    let payload = String(repeating: id, count: index * 50 + 1)
                    do {
                        let response = try client.send(HTTPClientRequest(
                            method: "POST", url: server.baseURL + "/echo/\(id)", body: .bytes(Array(payload.utf8))))
                        if response.status != 200 || response.header("X-Id") != id
                            || response.body != Array("\(id):\(payload)".utf8) {
                            failures.withLock { $0.append("\(id): wrong answer, status \(response.status)") }
                        }
                    } catch {
                        failures.withLock { $0.append("\(id): \(error)") }
                    }
                }
            }
        }

        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(failures.withLock { $0 } == [])
    }

    @Test func sequentialRequestsReuseOneConnection() throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let client = HTTPClient()

        let peers = try (0..<10).map { index in
            try client.send(HTTPClientRequest(method: "POST", url: server.baseURL + "/echo/\(index)")).header("X-Peer")
        }

        #expect(Set(peers).count == 1)
        #expect(peers.allSatisfy { $0 != nil })
    }

    /// Responses of many sizes, with aborted transfers and error statuses in between, on kept-alive
    /// connections: every answer must belong to its own request.
    @Test func reusedConnectionsNeverMixResponses() throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let client = HTTPClient()
        let sizes = [0, 1, 70_000, 3, 1_000_000, 0, 512, 250_000, 17, 65_536, 2]

        for round in 0..<3 {
            for (index, size) in sizes.enumerated() {
                let url = server.baseURL + "/sized/\(size)"
                if (index + round) % 4 == 0 && size > 100 {
                    #expect(throws: HTTPClientError.tooLarge(limit: 100)) {
                        try client.send(HTTPClientRequest(url: url, maxResponseBytes: 100))
                    }
                }
                let missing = try client.send(HTTPClientRequest(url: server.baseURL + "/nowhere-\(size)"))
                #expect(missing.status == 404)
                let response = try client.send(HTTPClientRequest(url: url))
                #expect(response.status == 200)
                #expect(response.body == Self.pattern(size: size), "size \(size), round \(round)")
            }
        }
    }
}

import HTTPClient
import HTTPServer
import Testing

struct ResponseLimitTests {
    @Test func declaredLengthOverTheCapIsRefused() throws {
        let server = try TestServer { router in
            router.get("/big") { _ in HTTPResponse(body: [UInt8](repeating: 1, count: 10_000)) }
        }
        defer { server.stop() }
        let client = HTTPClient()
        let url = server.baseURL + "/big"

        #expect(throws: HTTPClientError.tooLarge(limit: 9_999)) {
            try client.send(HTTPClientRequest(url: url, maxResponseBytes: 9_999))
        }
        #expect(try client.send(HTTPClientRequest(url: url, maxResponseBytes: 10_000)).body.count == 10_000)
    }

    @Test func headIsNotRefusedForTheLengthItAnnounces() throws {
        let server = try TestServer { router in
            router.get("/big") { _ in HTTPResponse(body: [UInt8](repeating: 1, count: 10_000)) }
        }
        defer { server.stop() }

        let response = try HTTPClient().send(HTTPClientRequest(method: "HEAD", url: server.baseURL + "/big", maxResponseBytes: 10))

        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Length") == "10000")
    }

    @Test func configuredCapAppliesWhenTheRequestSetsNone() throws {
        let server = try TestServer { router in
            router.get("/big") { _ in HTTPResponse(body: [UInt8](repeating: 1, count: 2_000)) }
        }
        defer { server.stop() }
        #expect(throws: HTTPClientError.tooLarge(limit: 1_000)) {
            try HTTPClient(configuration: .init(maxResponseBytes: 1_000)).send(HTTPClientRequest(url: server.baseURL + "/big"))
        }
    }

    @Test func streamedBodyWithoutLengthIsCutOffAtTheCap() throws {
        let peer = try ScriptedPeer(responsePieces: ScriptedPeer.chunkedResponse(chunkCount: 50, chunkSize: 1_000))
        defer { peer.stop() }
        let client = HTTPClient()

        #expect(throws: HTTPClientError.tooLarge(limit: 10_000)) {
            try client.send(HTTPClientRequest(url: peer.url + "/", maxResponseBytes: 10_000))
        }
        #expect(try client.send(HTTPClientRequest(url: peer.url + "/", maxResponseBytes: 50_000)).body.count == 50_000)
    }
}

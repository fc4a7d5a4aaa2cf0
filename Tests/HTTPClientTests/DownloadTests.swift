import Foundation
import HTTPClient
import HTTPServer
import Testing

struct DownloadTests {
    /// A fresh empty directory, removed afterwards.
    final class ScratchDirectory {
        let path = NSTemporaryDirectory() + "http-client-tests-" + UUID().uuidString

        init() throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        }

        deinit {
            try? FileManager.default.removeItem(atPath: path)
        }

        var entries: [String] { (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] }
    }

    static func pattern(count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    }

    static func blobServer() throws -> TestServer {
        try TestServer { router in
            router.get("/blob/:size") { request in
                HTTPResponse(body: pattern(count: Int(request.pathParameters["size"] ?? "") ?? 0))
            }
            router.get("/gone") { _ in .text("it is gone", status: .gone) }
        }
    }

    @Test func bodyIsStoredAtThePath() throws {
        let server = try Self.blobServer()
        defer { server.stop() }
        let directory = try ScratchDirectory()
        let path = directory.path + "/video.mp4"

        let response = try HTTPClient().download(HTTPClientRequest(url: server.baseURL + "/blob/300000"), to: path, maxBytes: 300_000)

        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Length") == "300000")
        #expect(FileManager.default.contents(atPath: path) == Data(Self.pattern(count: 300_000)))
        #expect(directory.entries == ["video.mp4"])
    }

    @Test func declaredLengthOverTheCapLeavesNothingBehind() throws {
        let server = try Self.blobServer()
        defer { server.stop() }
        let directory = try ScratchDirectory()

        #expect(throws: HTTPClientError.tooLarge(limit: 1_000)) {
            try HTTPClient().download(HTTPClientRequest(url: server.baseURL + "/blob/5000"), to: directory.path + "/f", maxBytes: 1_000)
        }
        #expect(directory.entries.isEmpty)
    }

    @Test func streamedBodyOverTheCapLeavesNothingBehind() throws {
        let peer = try ScriptedPeer(responsePieces: ScriptedPeer.chunkedResponse(chunkCount: 40, chunkSize: 4_096))
        defer { peer.stop() }
        let directory = try ScratchDirectory()

        #expect(throws: HTTPClientError.tooLarge(limit: 50_000)) {
            try HTTPClient().download(HTTPClientRequest(url: peer.url + "/"), to: directory.path + "/f", maxBytes: 50_000)
        }
        #expect(directory.entries.isEmpty)
    }

    @Test func failedStatusThrowsWithTheBodyAndLeavesNothingBehind() throws {
        let server = try Self.blobServer()
        defer { server.stop() }
        let directory = try ScratchDirectory()

        #expect(throws: HTTPClientError.status(code: 410, body: Array("it is gone".utf8))) {
            try HTTPClient().download(HTTPClientRequest(url: server.baseURL + "/gone"), to: directory.path + "/f", maxBytes: 1_000)
        }
        #expect(directory.entries.isEmpty)
    }

    @Test func failedDownloadKeepsTheFileAlreadyThere() throws {
        let server = try Self.blobServer()
        defer { server.stop() }
        let directory = try ScratchDirectory()
        let path = directory.path + "/kept"
        try Data("previous".utf8).write(to: URL(fileURLWithPath: path))

        #expect(throws: HTTPClientError.tooLarge(limit: 10)) {
            try HTTPClient().download(HTTPClientRequest(url: server.baseURL + "/blob/100"), to: path, maxBytes: 10)
        }
        #expect(FileManager.default.contents(atPath: path) == Data("previous".utf8))
        #expect(directory.entries == ["kept"])
    }

    @Test func unwritableDestinationIsATransportError() throws {
        let server = try Self.blobServer()
        defer { server.stop() }
        let error = #expect(throws: HTTPClientError.self) {
            try HTTPClient().download(HTTPClientRequest(url: server.baseURL + "/blob/10"), to: "/nonexistent-dir/f", maxBytes: 100)
        }
        guard case .transport = error else {
            Issue.record("expected .transport, got \(String(describing: error))")
            return
        }
    }
}

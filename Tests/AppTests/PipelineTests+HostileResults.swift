@testable import Bot
import Foundation
import HTTPClient
import HTTPServer
import Logging
import Synchronization
import Testing

/// KIE's signature does not cover a callback's body, so its result URL is untrusted: one off the allow-list is
/// never fetched, and the video is refunded.
extension PipelineTests {
    /// A file server on this machine that counts what is asked of it.
    final class CountingFileServer: Sendable {
        private let requests = Mutex(0)
        private let server: HTTPServer

        init() throws {
            let router = Router()
            server = HTTPServer(configuration: HTTPServerConfiguration(address: .tcp(host: "127.0.0.1", port: 0)),
                                router: router, logger: Logger(label: "counting-file-server"))
            router.get("/:name") { [weak self] _ in
                self?.requests.withLock { $0 += 1 }
                return HTTPResponse(body: Array(repeating: 0, count: 1024))
            }
            try server.start()
        }

        var requestCount: Int { requests.withLock { $0 } }

        var port: Int {
            guard case .tcp(_, let port) = server.boundAddress else { return 0 }
            return port
        }

        func stop() {
            server.shutdown()
        }
    }

    /// Posts KIE's success callback for the order's one video, naming `resultURL`, while the stand-in is still at
    /// work on it; returns the video's id.
    func reportSuccess(_ harness: BotHarness, resultURL: String) throws -> Int64 {
        #expect(harness.standIn.waitUntil { (try? harness.query("SELECT state FROM videos", as: String.self)) == "generating" })
        let videoID = try harness.query("SELECT id FROM videos", as: Int64.self)
        let taskID = try harness.query("SELECT kie_task_id FROM videos", as: String.self)
        let body = #"{"code":200,"msg":"success","data":{"taskId":"\#(taskID)","state":"success","resultJson":"{\"resultUrls\":[\"\#(resultURL)\"]}"}}"#
        let callback = MediaLinks(secret: BotHarness.signingSecret, publicBaseURL: harness.publicBaseURL)
            .callbackURL(videoID: videoID)
        let status = try HTTPClient().send(HTTPClientRequest(method: "POST", url: callback, body: .bytes(Array(body.utf8)))).status
        #expect(status == 200, "a well-formed, genuine callback is acknowledged")
        return videoID
    }

    @Test func aResultOnAHostOffTheListIsRefundedAndNeverFetched() throws {
        let harness = try BotHarness(database: "pipeline_hostile_result")
        let files = try CountingFileServer()
        defer { files.stop() }
        harness.kie.enqueue(.slow(.seconds(30)))
        let order = try order(harness, count: 1)
        // The harness allows results from 127.0.0.1 only; "localhost" reaches the same server but is not listed.
        let videoID = try reportSuccess(harness, resultURL: "http://localhost:\(files.port)/stolen.mp4")

        #expect(finished(harness, order)?.contains("0 delivered, 1 refunded") == true)
        #expect(try harness.query("SELECT failure_class FROM videos", as: String.self) == "config")
        #expect(try harness.query("SELECT count(*)::int FROM videos WHERE result_url IS NOT NULL", as: Int.self) == 0)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [order.user.id], as: Int.self) == 30)
        #expect(try harness.query("SELECT count(*)::int FROM jobs WHERE kind = 'video.download'", as: Int.self) == 0)
        #expect(files.requestCount == 0, "nothing was downloaded")
        #expect(!FileManager.default.fileExists(atPath: harness.mediaDirectory + "/videos/\(videoID).mp4"))
        let metrics = String(decoding: testMetrics.exposition(), as: UTF8.self)
        #expect(metrics.contains(#"kie_results_refused_total{reason="host_not_allowed"}"#))
        try checkInvariants(harness)
    }

    /// A listed name is looked up when the download starts, and refused there when it leads somewhere private.
    @Test func aListedHostResolvingToLoopbackIsRefundedAtTheDownload() throws {
        let harness = try BotHarness(database: "pipeline_hostile_rebinding",
                                     extraEnvironment: ["KIE_RESULT_HOSTS": "localhost", "KIE_RESULT_ALLOW_PRIVATE": "0"])
        let files = try CountingFileServer()
        defer { files.stop() }
        harness.kie.enqueue(.slow(.seconds(30)))
        let order = try order(harness, count: 1)
        let videoID = try reportSuccess(harness, resultURL: "https://localhost:\(files.port)/stolen.mp4")

        #expect(finished(harness, order)?.contains("0 delivered, 1 refunded") == true)
        #expect(try harness.query("SELECT failure_class FROM videos", as: String.self) == "config")
        #expect(try harness.query("""
            SELECT state FROM jobs WHERE kind = 'video.download'
            """, as: String.self) == "failed", "refused on its first attempt, not retried")
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [order.user.id], as: Int.self) == 30)
        #expect(files.requestCount == 0, "nothing was downloaded")
        #expect(!FileManager.default.fileExists(atPath: harness.mediaDirectory + "/videos/\(videoID).mp4"))
        try checkInvariants(harness)
    }
}

import Foundation
import HTTPClient
import HTTPServer
import LLM
import Logging
import Sandbox

/// A running OpenAI stand-in, LLMClients pointed at it, and helpers for raw calls and test images.
final class OpenAITestHarness {
    let standIn: OpenAIStandIn
    let http = HTTPClient()

    init(configuration: OpenAIStandInConfiguration = OpenAIStandInConfiguration(imageFetchTimeout: .seconds(1))) throws {
        standIn = OpenAIStandIn(configuration: configuration, logger: Logger(label: "openai-stand-in") { _ in
            SwiftLogNoOpLogHandler()
        })
        try standIn.start()
    }

    /// Tests stop it in a `defer`, which also keeps it alive for the whole test.
    func stop() {
        standIn.shutdown()
    }

    var apiKey: String { standIn.configuration.apiKey }

    func client(apiKey: String? = nil, model: String = "gpt-4o-mini", timeout: Duration = .seconds(10)) -> LLMClient {
        LLMClient(baseURL: standIn.baseURL, apiKey: apiKey ?? self.apiKey, model: model, http: http, timeout: timeout)
    }

    /// The stand-in's origin, without `/v1`.
    var origin: String {
        String(standIn.baseURL.dropLast(OpenAIStandIn.apiPath.count))
    }

    /// Posts raw JSON text to `path` (under the origin) and returns the status and the decoded object.
    func post(_ path: String, json: String, authorization: String? = nil, method: String = "POST")
        throws -> (status: Int, body: [String: Any]) {
        var headers = [("Content-Type", "application/json")]
        if let authorization { headers.append(("Authorization", authorization)) }
        let request = HTTPClientRequest(method: method, url: origin + path, headers: headers, body: .bytes(Array(json.utf8)))
        return Self.decode(try http.send(request))
    }

    func get(_ path: String) throws -> (status: Int, body: [String: Any]) {
        Self.decode(try http.send(HTTPClientRequest(url: origin + path)))
    }

    /// A chat completion call with the right key and `json` as the body.
    func chat(_ json: String) throws -> (status: Int, body: [String: Any]) {
        try post("/v1/chat/completions", json: json, authorization: "Bearer \(apiKey)")
    }

    static func decode(_ response: HTTPClientResponse) -> (status: Int, body: [String: Any]) {
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, object)
    }

    /// The `error` object of an OpenAI error body.
    static func apiError(_ body: [String: Any]) -> [String: Any] {
        body["error"] as? [String: Any] ?? [:]
    }
}

enum TestImages {
    /// The head of a baseline JPEG of the given size: enough for any reader of its dimensions.
    static func jpeg(width: Int, height: Int) -> [UInt8] {
        [0xFF, 0xD8,
         0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
         0xFF, 0xC0, 0x00, 0x11, 0x08, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF),
         0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
         0xFF, 0xD9]
    }

    static func dataURL(_ bytes: [UInt8], type: String = "image/jpeg") -> String {
        "data:\(type);base64,\(Data(bytes).base64EncodedString())"
    }

    static let photo = dataURL(jpeg(width: 1280, height: 960))
}

/// Serves test images over HTTP for the stand-in to fetch: `/photo.jpg` (a 640×480 JPEG), `/notes.txt` (not an
/// image) and `/slow.jpg` (answers after 3 s); anything else is 404.
final class ImageHost {
    private let server: HTTPServer
    let origin: String

    init() throws {
        let router = Router()
        router.get("/photo.jpg") { _ in
            HTTPResponse(headers: HTTPHeaders([("Content-Type", "image/jpeg")]), body: TestImages.jpeg(width: 640, height: 480))
        }
        router.get("/notes.txt") { _ in .text("not an image") }
        router.get("/slow.jpg") { _ in
            // Plays a stalled host for the fetch-timeout test; nothing waits on this sleep.
            Thread.sleep(forTimeInterval: 3)
            return HTTPResponse(body: TestImages.jpeg(width: 10, height: 10))
        }
        server = HTTPServer(
            configuration: HTTPServerConfiguration(address: .tcp(host: "127.0.0.1", port: 0), handlerThreads: 4,
                                                   ioThreads: 1, shutdownGracePeriod: .milliseconds(200)),
            router: router, logger: Logger(label: "image-host") { _ in SwiftLogNoOpLogHandler() })
        try server.start()
        guard case .tcp(let host, let port) = server.boundAddress else {
            server.shutdown()
            throw HTTPError(.internalServerError, "image host is not listening on TCP")
        }
        origin = "http://\(host):\(port)"
    }

    func stop() {
        server.shutdown()
    }
}

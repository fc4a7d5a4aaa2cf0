import Foundation
import HTTPClient
import KIE
import Logging
import Sandbox

/// A running KIE stand-in, a KIEClient pointed at it, and the bot's side (photo and callbacks).
final class KIETestHarness: Sendable {
    static let key = "kie-test-key-A"
    static let otherKey = "kie-test-key-B"

    let standIn: KIEStandIn
    let peer: KIETestPeer
    let http = HTTPClient()
    let client: KIEClient

    init(_ configure: (inout KIEStandInConfiguration) -> Void = { _ in }, failFirstCallbacks: Int = 0,
         photo: [UInt8] = TestPNG.make()) throws {
        var configuration = KIEStandInConfiguration(apiKeys: [Self.key, Self.otherKey], callbackRetryDelay: .milliseconds(20))
        configure(&configuration)
        standIn = try KIEStandIn(configuration: configuration,
                                 logger: Logger(label: "kie-stand-in") { _ in SwiftLogNoOpLogHandler() })
        try standIn.start()
        peer = try KIETestPeer(failFirstCallbacks: failFirstCallbacks, photo: photo)
        client = KIEClient(baseURL: standIn.baseURL, http: http, timeout: .seconds(10))
    }

    deinit {
        standIn.shutdown()
        peer.stop()
    }

    /// Creates a task for the product photo with a callback to `/callbacks/<name>`.
    func create(model: KIEModel = KIECatalogue.defaultModel, imageURL: String? = nil, name: String = "video-1",
                prompt: String = "The mug turns slowly on a table", format: String = "9:16", seconds: Int? = nil,
                key: String = KIETestHarness.key) throws -> String {
        try client.createTask(model: model, prompt: prompt, imageURL: imageURL ?? peer.photoURL, format: format, seconds: seconds,
                              callbackURL: peer.callbackURL(name), apiKey: key)
    }

    /// The callbacks received for `taskID`, decoded, once at least `count` arrived (empty on timeout).
    func callbacks(for taskID: String, count: Int = 1) -> [KIECallback] {
        var found: [KIECallback] = []
        standIn.waitUntil {
            found = peer.callbacks.compactMap { try? KIECallback(body: $0.body) }.filter { $0.taskID == taskID }
            return found.count >= count
        }
        return found
    }

    /// Posts raw JSON to createTask and returns the HTTP status and the decoded body.
    func rawCreate(_ json: String, key: String? = KIETestHarness.key) throws -> (status: Int, body: [String: Any]) {
        var headers = [("Content-Type", "application/json")]
        if let key { headers.append(("Authorization", "Bearer \(key)")) }
        let response = try http.send(HTTPClientRequest(method: "POST", url: standIn.baseURL + "/api/v1/jobs/createTask",
                                                       headers: headers, body: .bytes(Array(json.utf8))))
        return (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:])
    }
}

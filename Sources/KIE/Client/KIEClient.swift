import Foundation
import HTTPClient
import JSON

/// The KIE Market API: create a task, read its record, read the credit balance, upload a photo. Blocking;
/// safe to share between threads. The API key is passed per call (keys rotate) and never appears in errors.
public final class KIEClient: Sendable {
    public let baseURL: String
    /// Limit on each whole call, connect included.
    public let timeout: Duration
    private let http: HTTPClient

    /// Largest answer read from KIE; its JSON answers are small.
    static let maxResponseBytes = 1 << 20

    public init(baseURL: String = "https://api.kie.ai", http: HTTPClient, timeout: Duration = .seconds(30)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = http
        self.timeout = timeout
    }

    /// Starts a generation and returns KIE's task id. `callbackURL` nil means KIE sends no callback.
    /// `seconds` picks the length (rounded to one the model accepts); nil uses the model's default.
    public func createTask(model: KIEModel, prompt: String, imageURL: String, format: String,
                           seconds: Int? = nil, callbackURL: String?, apiKey: String) throws(KIEError) -> String {
        var body: [String: JSONValue] = [
            "model": .string(model.slug),
            "input": .object(model.input(prompt: prompt, imageURL: imageURL, format: format, seconds: seconds)),
        ]
        if let callbackURL { body["callBackUrl"] = .string(callbackURL) }
        let request = HTTPClientRequest(
            method: "POST", url: baseURL + model.endpoint, headers: headers(apiKey: apiKey, json: true),
            body: .bytes(JSONValue.object(body).serialized()), timeout: timeout, maxResponseBytes: Self.maxResponseBytes)
        let data = try KIEEnvelope.unwrap(send(request))
        guard let taskID = data?["taskId"].flatMap(KIETaskRecord.text), !taskID.isEmpty else {
            throw .malformed("createTask answered without data.taskId")
        }
        return taskID
    }

    /// The task's current record (`GET /api/v1/jobs/recordInfo`). KIE allows 10 of these per second per key.
    public func recordInfo(taskID: String, apiKey: String) throws(KIEError) -> KIETaskRecord {
        let request = HTTPClientRequest(
            method: "GET", url: baseURL + "/api/v1/jobs/recordInfo?taskId=" + Self.queryEncoded(taskID),
            headers: headers(apiKey: apiKey, json: false), timeout: timeout, maxResponseBytes: Self.maxResponseBytes)
        guard let data = try KIEEnvelope.unwrap(send(request)), !data.isNull else {
            throw .malformed("recordInfo answered without data")
        }
        return try KIETaskRecord(json: data, fallbackTaskID: taskID)
    }

    /// The key's remaining credits (`GET /api/v1/chat/credit`).
    public func credits(apiKey: String) throws(KIEError) -> Double {
        let request = HTTPClientRequest(
            method: "GET", url: baseURL + "/api/v1/chat/credit", headers: headers(apiKey: apiKey, json: false),
            timeout: timeout, maxResponseBytes: Self.maxResponseBytes)
        guard let credits = try KIEEnvelope.unwrap(send(request))?.doubleValue, credits.isFinite else {
            throw .malformed("the credit balance is not a number")
        }
        return credits
    }

    func send(_ request: HTTPClientRequest) throws(KIEError) -> HTTPClientResponse {
        do {
            return try http.send(request)
        } catch let error as HTTPClientError {
            throw .transport(error)
        } catch {
            throw .transport(.transport("\(type(of: error))"))
        }
    }

    func headers(apiKey: String, json: Bool) -> [(String, String)] {
        var headers = [("Authorization", "Bearer " + apiKey), ("Accept", "application/json")]
        if json { headers.append(("Content-Type", "application/json")) }
        return headers
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, so an id cannot add query parameters.
    static func queryEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

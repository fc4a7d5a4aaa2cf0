import Foundation
import HTTPServer
import JSON
import KIE
import Signing

/// KIE's Market endpoints: createTask, recordInfo, the credit balance, and the result videos.
struct KIEMarketEndpoints: Sendable {
    let standIn: KIEStandIn

    func register(on router: Router) {
        router.post("/api/v1/jobs/createTask") { request in createTask(request) }
        router.get("/api/v1/jobs/recordInfo") { request in recordInfo(request) }
        router.get("/api/v1/chat/credit") { request in credit(request) }
        router.get("/sandbox/kie/results/:file") { request in try result(request) }
        KIEUploadEndpoints(standIn: standIn).register(on: router)
    }

    private func createTask(_ request: HTTPRequest) -> HTTPResponse {
        guard let key = standIn.apiKey(of: request) else { return standIn.failure(401) }
        if let limit = standIn.configuration.createRateLimit,
           !standIn.state.withLock({ $0.createWindows[key, default: CallWindow()].admit(limit) }) {
            return refuse(key: key, model: nil, code: 429, message: KIEMessages.text(for: 429), httpStatus: 429)
        }
        guard let body = JSONValue.parse(request.body), case .object(let members) = body else {
            return refuse(key: key, model: nil, code: 422, message: "The request body must be a JSON object")
        }
        let slug = members["model"]?.stringValue
        let input = members["input"]?.objectValue
        let plan = standIn.state.withLock { $0.plan(prompt: input?["prompt"]?.stringValue ?? "") }
        if let scripted = plan.createError {
            return refuse(key: key, model: slug, code: scripted.bodyCode, message: scripted.message, httpStatus: scripted.httpStatus)
        }
        guard let slug, !slug.isEmpty else { return refuse(key: key, model: nil, code: 500, message: "model is required") }
        if slug.hasPrefix("sora-2") {
            return refuse(key: key, model: slug, code: 500, message: "This interface is temporarily paused")
        }
        guard let model = KIECatalogue.model(slug: slug) else {
            return refuse(key: key, model: slug, code: 500, message: "The model name you specified is not supported.")
        }
        let callbackURL = members["callBackUrl"]
        if let callbackURL, callbackURL.stringValue.map(Self.isHTTPURL) != true {
            return refuse(key: key, model: slug, code: 422, message: "callBackUrl must be an http(s) URL")
        }
        guard let input else { return refuse(key: key, model: slug, code: 500, message: "input is required") }
        if let violation = model.violation(in: input) {
            return refuse(key: key, model: slug, code: violation.code, message: violation.message)
        }
        let imageURLs = Self.imageURLs(in: input, field: model.imageField)
        guard !imageURLs.isEmpty, imageURLs.count <= Self.maxImageURLs, imageURLs.allSatisfy(Self.isHTTPURL) else {
            return refuse(key: key, model: slug, code: 500, message: "\(model.imageField.name) is required")
        }
        let task = KIEStandInTask(
            id: Signing.hex(Signing.randomBytes(16)), apiKey: key, model: slug,
            prompt: input["prompt"]?.stringValue ?? "", imageURLs: imageURLs,
            video: VideoRequest(input: input, model: model), callbackURL: callbackURL?.stringValue,
            param: String(decoding: body.serialized(), as: UTF8.self), state: .waiting, createdAt: KIEStandIn.nowMilliseconds,
            updatedAt: KIEStandIn.nowMilliseconds, creditsCharged: standIn.configuration.creditsPerVideo * model.priceMultiplier,
            callbacksDelivered: 0, plan: plan)
        let charged = standIn.state.withLock { state -> Bool in
            guard state.credits[key, default: 0] >= task.creditsCharged else { return false }
            state.credits[key, default: 0] -= task.creditsCharged
            state.insert(task)
            state.record(KIECreateCall(apiKey: key, model: slug, code: 200, taskID: task.id))
            return true
        }
        guard charged else { return refuse(key: key, model: slug, code: 402, message: KIEMessages.text(for: 402)) }
        standIn.launch(taskID: task.id)
        return KIEReplies.success(.object(["taskId": .string(task.id), "recordId": .string(task.id)]))
    }

    /// Records a refused create call and answers it (in the configured style unless a status is given).
    private func refuse(key: String, model: String?, code: Int, message: String, httpStatus: Int? = nil) -> HTTPResponse {
        standIn.state.withLock { $0.record(KIECreateCall(apiKey: key, model: model, code: code, taskID: nil)) }
        if let httpStatus { return KIEReplies.error(code, message, httpStatus: httpStatus) }
        return standIn.failure(code, message)
    }

    private func recordInfo(_ request: HTTPRequest) -> HTTPResponse {
        guard let key = standIn.apiKey(of: request) else { return standIn.failure(401) }
        let admitted = standIn.state.withLock { state -> Bool in
            state.recordInfoCalls[key, default: 0] += 1
            guard let limit = standIn.configuration.queryRateLimit else { return true }
            let admitted = state.queryWindows[key, default: CallWindow()].admit(limit)
            if !admitted { state.rateLimited[key, default: 0] += 1 }
            return admitted
        }
        guard admitted else { return KIEReplies.error(429, KIEMessages.text(for: 429), httpStatus: 429) }
        guard let taskID = request.queryItems["taskId"], !taskID.isEmpty else {
            return standIn.failure(400, "taskId parameter is required")
        }
        let visibleToAll = standIn.configuration.tasksVisibleToAllKeys
        guard let task = standIn.state.withLock({ $0.tasks[taskID] }), visibleToAll || task.apiKey == key else {
            return standIn.failure(422, "recordInfo is null")
        }
        return KIEReplies.success(standIn.recordJSON(task))
    }

    private func credit(_ request: HTTPRequest) -> HTTPResponse {
        guard let key = standIn.apiKey(of: request) else { return standIn.failure(401) }
        return KIEReplies.success(.number(standIn.state.withLock { $0.credits[key] ?? 0 }))
    }

    private func result(_ request: HTTPRequest) throws -> HTTPResponse {
        let name = request.pathParameters["file"] ?? ""
        guard name.hasSuffix(".mp4") else { throw HTTPError(.notFound, "no such video") }
        let taskID = String(name.dropLast(".mp4".count))
        guard let path = standIn.state.withLock({ $0.tasks[taskID]?.resultFile }),
              let bytes = FileManager.default.contents(atPath: path) else {
            throw HTTPError(.notFound, "no such video")
        }
        return HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "video/mp4")]), body: Array(bytes))
    }

    /// More photos than any model takes; KIE would refuse them, the stand-in will not fetch them.
    static let maxImageURLs = 4

    /// The photo URLs in the model's image field (a string, or an array of them); empty when one is not a string.
    static func imageURLs(in input: [String: JSONValue], field: KIEImageField) -> [String] {
        guard let value = input[field.name] else { return [] }
        let items = field.isArray ? value.arrayValue ?? [] : [value]
        let urls = items.compactMap(\.stringValue)
        return urls.count == items.count ? urls : []
    }

    static func isHTTPURL(_ text: String) -> Bool {
        guard text.utf8.count <= 4096, let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return false }
        return (scheme == "http" || scheme == "https") && url.host != nil
    }
}

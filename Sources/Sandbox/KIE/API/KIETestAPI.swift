import Foundation
import HTTPServer
import JSON
import KIE

/// `/sandbox/kie/...`: scripting and inspection over HTTP, for tests in other processes and the sandbox.
struct KIETestAPI: Sendable {
    let standIn: KIEStandIn

    func register(on router: Router) {
        let base = "/sandbox/kie"
        router.post("\(base)/script") { request in
            guard let items = try body(request)["outcomes"]?.arrayValue, items.count <= 1000 else {
                throw HTTPError(.badRequest, "\"outcomes\" must be an array of at most 1000")
            }
            standIn.enqueue(try items.map(outcome))
            return reply(["queued": .integer(items.count)])
        }
        router.post("\(base)/rules") { request in
            let json = try body(request)
            guard let text = json["promptContains"]?.stringValue, !text.isEmpty, let outcomeJSON = json["outcome"] else {
                throw HTTPError(.badRequest, "\"promptContains\" and \"outcome\" are required")
            }
            standIn.addRule(promptContains: text, outcome: try outcome(outcomeJSON))
            return reply(["added": .bool(true)])
        }
        router.post("\(base)/tasks/:task/outcome") { request in
            let changed = standIn.setOutcome(try outcome(try body(request)), forTask: request.pathParameters["task"] ?? "")
            guard changed else { throw HTTPError(.notFound, "no such running task") }
            return reply(["changed": .bool(true)])
        }
        router.post("\(base)/chaos") { request in
            let json = try body(request)
            guard json != .object([:]) else {
                standIn.setChaos(nil)
                return reply(["chaos": .bool(false)])
            }
            let rate = { (name: String) in json[name]?.doubleValue ?? 0 }
            var generation: ClosedRange<Duration>?
            if let low = json["minGenerationMs"]?.intValue, let high = json["maxGenerationMs"]?.intValue, 0 <= low, low <= high {
                generation = .milliseconds(low) ... .milliseconds(high)
            }
            standIn.setChaos(KIEChaos(dropCallbackRate: rate("dropCallbackRate"), duplicateCallbackRate: rate("duplicateCallbackRate"),
                                      temporaryFailureRate: rate("temporaryFailureRate"), userErrorRate: rate("userErrorRate"),
                                      createErrorRate: rate("createErrorRate"), generationTime: generation))
            return reply(["chaos": .bool(true)])
        }
        router.post("\(base)/credits") { request in
            let json = try body(request)
            guard let key = json["apiKey"]?.stringValue, let credits = json["credits"]?.doubleValue, credits.isFinite else {
                throw HTTPError(.badRequest, "\"apiKey\" and a numeric \"credits\" are required")
            }
            standIn.setCredits(credits, apiKey: key)
            return reply(["credits": .number(credits)])
        }
        router.post("\(base)/reset") { _ in
            standIn.reset()
            return reply(["reset": .bool(true)])
        }
        router.get("\(base)/tasks") { _ in
            reply(["tasks": .array(standIn.tasks.map(taskJSON))])
        }
        router.get("\(base)/callbacks") { _ in
            reply(["callbacks": .array(standIn.callbacks.map { callback in
                .object(["taskId": .string(callback.taskID), "code": .integer(callback.code),
                         "httpStatus": callback.httpStatus.map { .integer($0) } ?? .null, "signed": .bool(callback.signed)])
            })])
        }
        router.get("\(base)/stats") { _ in
            let keys = standIn.configuration.apiKeys
            return reply([
                "videoMethod": .string(standIn.videoMethod),
                "keys": .object(Dictionary(keys.map { key in
                    (key, JSONValue.object([
                        "createCalls": .integer(standIn.createCallCount(apiKey: key)),
                        "recordInfoCalls": .integer(standIn.recordInfoCallCount(apiKey: key)),
                        "rateLimitedQueries": .integer(standIn.rateLimitedQueryCount(apiKey: key)),
                        "credits": .number(standIn.credits(apiKey: key)),
                    ]))
                }, uniquingKeysWith: { first, _ in first })),
                "tasks": .integer(standIn.tasks.count),
                "callbacks": .integer(standIn.callbacks.count),
            ])
        }
    }

    private func taskJSON(_ task: KIEStandInTask) -> JSONValue {
        .object([
            "taskId": .string(task.id), "model": .string(task.model), "state": .string(task.state.rawValue),
            "prompt": .string(task.prompt), "imageUrl": .string(task.imageURL),
            "failCode": task.failCode.map { .string($0) } ?? .null, "failMsg": task.failMessage.map { .string($0) } ?? .null,
            "resultUrl": task.resultURL.map { .string($0) } ?? .null, "callbacksDelivered": .integer(task.callbacksDelivered),
        ])
    }

    private func body(_ request: HTTPRequest) throws -> JSONValue {
        guard let json = JSONValue.parse(request.body), case .object = json else {
            throw HTTPError(.badRequest, "the body must be a JSON object")
        }
        return json
    }

    private func outcome(_ json: JSONValue) throws -> KIEOutcome {
        do {
            return try KIEOutcome(json: json)
        } catch {
            throw HTTPError(.badRequest, "\(error)")
        }
    }

    private func reply(_ members: [String: JSONValue]) -> HTTPResponse {
        HTTPResponse.json(JSONValue.object(members).serialized())
    }
}

import HTTPServer
import JSON

/// `/sandbox/openai/...`: queue faults and read the recorded calls over HTTP, for the sandbox's pages and for
/// tests in other processes.
///
/// - `POST /sandbox/openai/faults` `{"fault": "rate_limited", "times": 2, "delay_ms": 1500}` queues a fault
///   (names: rate_limited, quota_exhausted, server_error, usable, no_product, human_face, unclear, slow,
///   malformed_content; `delay_ms` is for slow)
/// - `GET /sandbox/openai/faults` lists the queued faults; `DELETE` clears them
/// - `GET /sandbox/openai/calls` lists the recorded calls; `POST /sandbox/openai/reset` forgets faults and calls
struct OpenAITestAPI: Sendable {
    let standIn: OpenAIStandIn
    /// More repetitions than any test needs; keeps a typo from queueing millions.
    static let maxTimes = 1000

    func register(on router: Router) {
        let base = "/sandbox/openai"
        router.post("\(base)/faults") { request in
            guard let body = JSONValue.parse(request.body), case .object = body,
                  let name = body["fault"]?.stringValue else {
                throw HTTPError(.badRequest, "the body must be a JSON object with \"fault\"")
            }
            let times: Int
            switch body["times"] {
            case nil: times = 1
            case .integer(let value)? where (1...Self.maxTimes).contains(value): times = value
            default: throw HTTPError(.badRequest, "\"times\" must be an integer from 1 to \(Self.maxTimes)")
            }
            var delay = Duration.seconds(5)
            if let delayValue = body["delay_ms"] {
                guard case .integer(let milliseconds) = delayValue, milliseconds >= 0 else {
                    throw HTTPError(.badRequest, "\"delay_ms\" must be a non-negative integer")
                }
                delay = .milliseconds(min(milliseconds, Int(OpenAIFault.maxDelay.components.seconds) * 1000))
            }
            guard let fault = OpenAIFault(name: name, delay: delay) else {
                throw HTTPError(.badRequest, "unknown fault \"\(name.prefix(40))\"")
            }
            standIn.inject(fault, times: times)
            return faults()
        }
        router.get("\(base)/faults") { _ in faults() }
        router.add(.delete, "\(base)/faults") { _ in
            standIn.clearFaults()
            return faults()
        }
        router.get("\(base)/calls") { _ in
            HTTPResponse.json(JSONValue.object(["calls": JSONValue.encoding(standIn.calls)]).serialized())
        }
        router.post("\(base)/reset") { _ in
            standIn.reset()
            return faults()
        }
    }

    private func faults() -> HTTPResponse {
        let pending = standIn.pendingFaults.map { fault -> JSONValue in
            var members: [String: JSONValue] = ["fault": .string(fault.name)]
            if case .slow(let delay) = fault {
                members["delay_ms"] = .integer(Int(delay.components.seconds * 1000
                    + delay.components.attoseconds / 1_000_000_000_000_000))
            }
            return .object(members)
        }
        return HTTPResponse.json(JSONValue.object(["faults": .array(pending)]).serialized())
    }
}

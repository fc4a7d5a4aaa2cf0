import Foundation
import HTTPClient
import JSON
import KIE

/// Posting the callback as KIE does: the recordInfo shape with code 200 or 501, signed with
/// X-Webhook-Timestamp / X-Webhook-Signature when a webhook key is set, retried on a non-2xx answer.
extension KIEStandIn {
    func sendCallbacks(for task: KIEStandInTask) {
        guard let url = task.callbackURL else { return }
        let copies: Int
        switch task.plan.callback {
        case .none: return
        case .once: copies = 1
        case .twice: copies = 2
        }
        for copy in 0..<copies {
            // A duplicate follows shortly after the first, as a retry of a slow answer would.
            schedule(after: task.plan.callbackDelay + .milliseconds(20 * copy)) { [self] in
                deliver(taskID: task.id, to: url, attempt: 0)
            }
        }
    }

    private func deliver(taskID: String, to url: String, attempt: Int) {
        guard let task = state.withLock({ $0.tasks[taskID] }) else { return }
        let remained = state.withLock { $0.credits[task.apiKey] ?? 0 }
        let code = task.state == .success ? 200 : 501
        var data = recordJSON(task)
        if case .object(var members) = data {
            members["remainedCredits"] = .number(remained)
            data = .object(members)
        }
        let message = code == 200 ? "Playground task completed successfully." : "Playground task failed."
        let body = JSONValue.object(["code": .integer(code), "msg": .string(message), "data": data]).serialized()

        var headers = [("Content-Type", "application/json")]
        if let key = configuration.webhookHMACKey {
            let timestamp = KIEWebhookSignature.timestamp(for: Date())
            headers.append((KIEWebhookSignature.timestampHeader, timestamp))
            headers.append((KIEWebhookSignature.signatureHeader, KIEWebhookSignature.sign(taskID: taskID, timestamp: timestamp, key: key)))
        }
        let request = HTTPClientRequest(method: "POST", url: url, headers: headers, body: .bytes(body),
                                        timeout: configuration.callbackTimeout, maxResponseBytes: 64 << 10)
        let status = try? http.send(request).status
        let record = KIEDeliveredCallback(taskID: taskID, url: url, code: code, httpStatus: status,
                                          signed: configuration.webhookHMACKey != nil, body: body)
        state.withLock { state in
            state.record(record)
            if record.delivered { state.tasks[taskID]?.callbacksDelivered += 1 }
        }
        if !record.delivered && attempt < configuration.callbackRetries {
            schedule(after: configuration.callbackRetryDelay) { [self] in
                deliver(taskID: taskID, to: url, attempt: attempt + 1)
            }
        }
    }
}

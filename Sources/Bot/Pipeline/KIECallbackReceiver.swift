import Foundation
import KIE
import Logging
import Metrics

/// `POST /callbacks/kie/<video>/<token>`: KIE's report that a task finished. Forged or malformed reports are refused
/// and change nothing; duplicate, late or out-of-order ones change nothing and are still acknowledged.
public struct KIECallbackReceiver: Sendable {
    public enum Outcome: Equatable, Sendable {
        case accepted
        case forbidden
        case malformed
    }

    let pipeline: Pipeline
    let hmacKey: String?

    public init(pipeline: Pipeline, hmacKey: String?) {
        self.pipeline = pipeline
        self.hmacKey = hmacKey
    }

    public func receive(videoID rawVideoID: String, token: String, timestamp: String?, signature: String?,
                        body: [UInt8]) throws -> Outcome {
        guard let videoID = Int64(rawVideoID), pipeline.links.verifyCallback(videoID: videoID, token: token) else {
            return count(.forbidden)
        }
        guard let callback = try? KIECallback(body: body) else {
            return count(.malformed)
        }
        if let hmacKey {
            guard let timestamp, let signature,
                  KIEWebhookSignature.verify(taskID: callback.taskID, timestamp: timestamp, signature: signature,
                                             key: hmacKey, now: Date())
            else { return count(.forbidden) }
        }
        let resolution = try pipeline.resolveTask.run(callback.record, videoID: videoID)
        Counter(label: "kie_callbacks_total", dimensions: [("outcome", "\(resolution)")]).increment()
        return .accepted
    }

    private func count(_ outcome: Outcome) -> Outcome {
        Counter(label: "kie_callbacks_total", dimensions: [("outcome", "\(outcome)")]).increment()
        return outcome
    }
}

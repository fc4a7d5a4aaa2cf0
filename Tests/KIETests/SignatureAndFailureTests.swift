import Foundation
import KIE
import Testing

@Suite struct SignatureTests {
    private let key = "kie-hmac-key"
    private let taskID = "ee9c2715375b7837f8bb51d641ff5863"
    private let timestamp = "1769670760"
    private var signedAt: Date { Date(timeIntervalSince1970: 1_769_670_760) }

    @Test func signingMatchesAnIndependentHMAC() {
        // Computed with Python's hmac module: base64(HMAC-SHA256(key, taskId + "." + timestamp)).
        #expect(KIEWebhookSignature.sign(taskID: taskID, timestamp: timestamp, key: key) == "bTl1f9uIVD+A5VDM7EEBg0uCdp5IGA3/rrJSECff+AE=")
    }

    @Test func aGoodSignatureWithinTheWindowVerifies() {
        let signature = KIEWebhookSignature.sign(taskID: taskID, timestamp: timestamp, key: key)
        #expect(KIEWebhookSignature.verify(taskID: taskID, timestamp: timestamp, signature: signature, key: key,
                                           now: signedAt.addingTimeInterval(120)))
        #expect(KIEWebhookSignature.verify(taskID: taskID, timestamp: timestamp, signature: signature, key: key,
                                           now: signedAt.addingTimeInterval(-60)))
    }

    @Test func forgeriesAndReplaysFail() {
        let signature = KIEWebhookSignature.sign(taskID: taskID, timestamp: timestamp, key: key)
        #expect(!KIEWebhookSignature.verify(taskID: taskID, timestamp: timestamp, signature: signature, key: "other-key", now: signedAt))
        #expect(!KIEWebhookSignature.verify(taskID: taskID + "0", timestamp: timestamp, signature: signature, key: key, now: signedAt))
        #expect(!KIEWebhookSignature.verify(taskID: taskID, timestamp: "1769670761", signature: signature, key: key, now: signedAt))
        #expect(!KIEWebhookSignature.verify(taskID: taskID, timestamp: timestamp, signature: signature, key: key,
                                            now: signedAt.addingTimeInterval(301)))
        #expect(!KIEWebhookSignature.verify(taskID: taskID, timestamp: timestamp, signature: signature, key: key,
                                            now: signedAt.addingTimeInterval(-301)))
        #expect(!KIEWebhookSignature.verify(taskID: taskID, timestamp: timestamp, signature: "", key: key, now: signedAt))
        #expect(!KIEWebhookSignature.verify(taskID: taskID, timestamp: " 1769670760", signature: signature, key: key, now: signedAt))
        #expect(!KIEWebhookSignature.verify(taskID: taskID, timestamp: timestamp, signature: signature, key: "", now: signedAt))
    }

    @Test func theWindowIsConfigurable() {
        let signature = KIEWebhookSignature.sign(taskID: taskID, timestamp: timestamp, key: key)
        #expect(!KIEWebhookSignature.verify(taskID: taskID, timestamp: timestamp, signature: signature, key: key,
                                            now: signedAt.addingTimeInterval(20), window: .seconds(10)))
    }
}

@Suite struct FailureHeuristicTests {
    @Test(arguments: [
        ("422", "Invalid prompt: prompt contains prohibited content"),
        ("400", "Your prompt was flagged by Website as violating content policies"),
        ("500", "The image contains sensitive content"),
        (nil, "NSFW content detected"),
        ("400", "A face was detected in the photo"),
        ("400", "public error prominent people upload"),
        ("422", nil),
    ] as [(String?, String?)])
    func policyRefusalsAreRecognised(code: String?, message: String?) {
        #expect(KIEFailure.isContentPolicy(failCode: code, failMsg: message))
    }

    @Test(arguments: [
        ("500", "Internal server error"),
        ("500", "This interface is temporarily paused"),
        ("501", "upstream API service timed out"),
        (nil, nil),
        ("", ""),
    ] as [(String?, String?)])
    func otherFailuresAreNot(code: String?, message: String?) {
        #expect(!KIEFailure.isContentPolicy(failCode: code, failMsg: message))
    }
}

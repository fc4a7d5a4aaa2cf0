import Foundation
import HTTPClient
import JSON
import KIE
import Sandbox
import Testing

@Suite struct KIEStandInGenerationTests {
    @Test func aTaskIsCalledBackWithADownloadableMP4() throws {
        let harness = try KIETestHarness()
        let taskID = try harness.create()

        let callback = try #require(harness.callbacks(for: taskID).first)
        #expect(callback.code == 200)
        #expect(callback.succeeded)
        let url = try #require(callback.record.resultURLs.first)
        let video = try harness.http.send(HTTPClientRequest(url: url)).requireSuccess()
        #expect(video.header("Content-Type") == "video/mp4")
        #expect(Array(video.body[4..<8]) == Array("ftyp".utf8))
        if harness.standIn.videoMethod == "ffmpeg" {
            // A real encode carries the video stream, not just the container.
            #expect(video.body.count > 1000)
            #expect(video.body.firstRange(of: Array("avc1".utf8)) != nil || video.body.firstRange(of: Array("mp4v".utf8)) != nil)
        }

        let record = try harness.client.recordInfo(taskID: taskID, apiKey: KIETestHarness.key)
        #expect(record.state == .success)
        #expect(record.resultURLs == [url])
        #expect(record.model == KIECatalogue.defaultModel.slug)
        #expect(record.failCode == nil)
        let param = try #require(record.param.flatMap { JSONValue.parse(Array($0.utf8)) })
        #expect(param["input"]?["duration"] == JSONValue.integer(5))
        #expect(try harness.client.credits(apiKey: KIETestHarness.key) == 100_000 - 18)
    }

    @Test(arguments: KIECatalogue.all)
    func everyCatalogueModelIsAccepted(model: KIEModel) throws {
        let harness = try KIETestHarness()
        let taskID = try harness.create(model: model)
        let callback = try #require(harness.callbacks(for: taskID).first)
        #expect(callback.succeeded)
        #expect(callback.record.model == model.slug)
    }

    @Test func aPhotoThatCannotBeFetchedFailsTheTaskAndRefunds() throws {
        let harness = try KIETestHarness()
        let missing = try harness.create(imageURL: harness.peer.missingPhotoURL, name: "missing")
        let html = try harness.create(imageURL: harness.peer.notAnImageURL, name: "html")

        let failed = try #require(harness.callbacks(for: missing).first)
        #expect(failed.code == 501)
        #expect(failed.failed)
        #expect(failed.record.failCode == "451")
        #expect(failed.record.failMessage?.contains("404") == true)
        #expect(!KIEFailure.isContentPolicy(failCode: failed.record.failCode, failMsg: failed.record.failMessage))
        let wrongFormat = try #require(harness.callbacks(for: html).first)
        #expect(wrongFormat.record.failCode == "400")

        #expect(try harness.client.recordInfo(taskID: missing, apiKey: KIETestHarness.key).state == .fail)
        #expect(harness.standIn.credits(apiKey: KIETestHarness.key) == 100_000)
    }

    @Test func withoutFFmpegAMinimalContainerIsServed() throws {
        let harness = try KIETestHarness { $0.video = .init(useFFmpeg: false) }
        #expect(harness.standIn.videoMethod == "in-code")
        let taskID = try harness.create()
        let url = try #require(harness.callbacks(for: taskID).first?.record.resultURLs.first)
        let video = try harness.http.send(HTTPClientRequest(url: url)).requireSuccess().body
        #expect(Array(video[4..<8]) == Array("ftyp".utf8))
        #expect(video.firstRange(of: Array("moov".utf8)) != nil)
    }

    @Test func callbacksAreSignedWhenAKeyIsSet() throws {
        let harness = try KIETestHarness { $0.webhookHMACKey = "whk-secret" }
        let taskID = try harness.create()
        #expect(harness.callbacks(for: taskID).count == 1)
        let received = try #require(harness.peer.callbacks.first)
        let timestamp = try #require(received.header(KIEWebhookSignature.timestampHeader))
        let signature = try #require(received.header(KIEWebhookSignature.signatureHeader))
        #expect(KIEWebhookSignature.verify(taskID: taskID, timestamp: timestamp, signature: signature, key: "whk-secret"))
        #expect(!KIEWebhookSignature.verify(taskID: taskID, timestamp: timestamp, signature: signature, key: "other"))
        #expect(harness.standIn.callbacks(taskID: taskID).allSatisfy { $0.signed })
    }

    @Test func unsignedCallbacksCarryNoSignatureHeaders() throws {
        let harness = try KIETestHarness()
        let taskID = try harness.create()
        #expect(harness.callbacks(for: taskID).count == 1)
        #expect(harness.peer.callbacks.first?.header(KIEWebhookSignature.signatureHeader) == nil)
    }

    @Test func aFailingReceiverIsRetried() throws {
        let harness = try KIETestHarness(failFirstCallbacks: 2)
        let taskID = try harness.create()
        #expect(harness.callbacks(for: taskID).count == 1)
        let attempts = harness.standIn.callbacks(taskID: taskID)
        #expect(attempts.map(\.httpStatus) == [503, 503, 200])
        #expect(harness.standIn.task(id: taskID)?.callbacksDelivered == 1)
    }

    @Test func anUploadedPhotoCanBeUsedForATask() throws {
        let harness = try KIETestHarness()
        let url = try harness.client.uploadImage(bytes: harness.peer.photo, fileName: "product.png",
                                                 apiKey: KIETestHarness.key, uploadBaseURL: harness.standIn.baseURL)
        let stored = try harness.http.send(HTTPClientRequest(url: url)).requireSuccess()
        #expect(stored.body == harness.peer.photo)
        #expect(stored.header("Content-Type") == "image/png")
        let taskID = try harness.create(imageURL: url)
        #expect(harness.callbacks(for: taskID).first?.succeeded == true)
    }
}

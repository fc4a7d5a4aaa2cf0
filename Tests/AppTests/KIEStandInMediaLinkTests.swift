@testable import Bot
import Domain
import Foundation
import HTTPClient
import KIE
import Sandbox
import Testing

/// The KIE stand-in fetches the product photo through the service's own signed media link, as KIE does: a valid link
/// gives a video made from the photo, an expired or forged one fails the task with KIE's "image fetch failed".
@Suite(.serialized) struct KIEStandInMediaLinkTests {
    @Test func anExpiredOrForgedMediaLinkFailsTheTaskAndAValidOneMakesTheVideo() throws {
        let harness = try BotHarness(database: "kie_media_links")
        let name = ProductPhotos.preparedName(orderID: 4242, format: .portrait)
        let media = harness.mediaDirectory + "/media"
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        try Data(PipelineTests.photo).write(to: URL(fileURLWithPath: media + "/" + name))
        let links = MediaLinks(secret: BotHarness.signingSecret, publicBaseURL: harness.publicBaseURL)
        let valid = links.mediaURL(name: name, expiresAt: Date().addingTimeInterval(600))
        let expired = links.mediaURL(name: name, expiresAt: Date().addingTimeInterval(-1))
        let forged = valid.replacingOccurrences(of: "sig=", with: "sig=x")

        let client = KIEClient(baseURL: harness.kie.baseURL, http: HTTPClient(), timeout: .seconds(10))
        let tasks = try [valid, expired, forged].map { url in
            try client.createTask(model: KIECatalogue.defaultModel, prompt: "Studio turntable: the product turns slowly.",
                                  imageURL: url, format: "9:16", callbackURL: nil, apiKey: BotHarness.kieKeys[0])
        }
        #expect(harness.kie.waitUntil(timeout: .seconds(30)) {
            tasks.allSatisfy { harness.kie.task(id: $0)?.state.isFinished == true }
        })

        let made = try #require(harness.kie.task(id: tasks[0]))
        #expect(made.state == .success)
        #expect(made.imageURL == valid)
        for taskID in tasks.dropFirst() {
            let failed = try #require(harness.kie.task(id: taskID))
            #expect(failed.state == .fail)
            #expect(failed.failCode == "451")
            #expect(failed.failMessage == "Image fetch failed: HTTP 404")
        }
        let video = try HTTPClient().send(HTTPClientRequest(url: try #require(made.resultURL)))
        #expect(video.status == 200)
        #expect(Array(video.body.dropFirst(4).prefix(4)) == Array("ftyp".utf8))
    }
}

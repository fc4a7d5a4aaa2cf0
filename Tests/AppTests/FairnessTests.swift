@testable import Bot
import Domain
import Foundation
import LLM
import Sandbox
import Telegram
import Testing
@testable import App

/// Free work never holds back paid work, and one seller's photos are capped (issue 12, item 2).
@Suite(.serialized) struct FairnessTests {
    let pipeline = PipelineTests()

    func analyses(_ harness: BotHarness, _ user: User) throws -> Int {
        try harness.query("SELECT count(*)::int FROM photo_analyses WHERE user_id = $1", [user.id], as: Int.self)
    }

    @Test func aFloodOfPhotosIsCappedAndAnotherSellersPaidOrderFinishesInItsNormalTime() throws {
        let harness = try BotHarness(database: "fairness_flood")
        let flooder = harness.newUser(name: "Flood")
        _ = harness.standIn.sendText(from: flooder, text: "/start")
        try harness.botMessages(flooder, count: 1)
        let seller = harness.newUser()
        let order = try pipeline.order(harness, count: 1, user: seller)
        // Fifteen photos and the /start stay under the update rate limit (20 per 10 s): the cap is what answers.
        for _ in 0..<15 { _ = harness.standIn.sendPhoto(from: flooder, jpeg: PipelineTests.photo) }

        let started = ContinuousClock.now
        #expect(pipeline.finished(harness, order, timeout: .seconds(40))?.contains("1 of 1 delivered") == true)
        #expect(ContinuousClock.now - started < .seconds(30), "the paid order waited behind the flood")
        #expect(harness.settle())
        let perMinute = DialogueSettings(videoPrice: 10, signupBonus: 0).analysesPerMinute
        #expect(try analyses(harness, flooder) == perMinute)
        let told = harness.standIn.chat(user: flooder).filter {
            $0.message.text == Texts.english.tooManyPhotos(perMinute, 100)
        }
        #expect(told.count == 15 - perMinute)
        try pipeline.checkInvariants(harness)
    }

    @Test func anAnalysisOfAPhotoTheSellerMovedOnFromIsDroppedBeforeTheLLM() throws {
        let harness = try BotHarness(database: "fairness_superseded")
        let user = harness.newUser()
        _ = harness.standIn.sendPhoto(from: user, jpeg: PipelineTests.photo)
        let proposal = try #require(pipeline.waitForBot(harness, user) {
            harness.buttonData($0).contains { $0.hasSuffix(":skip") }
        })
        let photo = try #require(harness.standIn.chat(user: user).first { $0.message.photo != nil }?.message.photo?.last)
        let callsBefore = harness.openAI.calls.filter { $0.operation == .photoAnalysis }.count
        let stale = PipelineJobs.PhotoPayload(userID: user.id, chatID: user.id, version: 0, fileID: photo.fileID,
                                              fileUniqueID: photo.fileUniqueID)
        try harness.service.database.transaction { try PipelineJobs.enqueueAnalysis(stale, on: $0) }
        #expect(harness.standIn.waitUntil {
            (try? harness.query("SELECT count(*)::int FROM jobs WHERE kind = 'photo.analyze' AND state = 'done'",
                                as: Int.self)) == 2
        })
        #expect(harness.openAI.calls.filter { $0.operation == .photoAnalysis }.count == callsBefore)
        #expect(harness.standIn.chat(user: user).last?.messageID == proposal.messageID, "nothing more was said")
        try pipeline.checkInvariants(harness)
    }

    @Test func aRefusedPhotosOriginalIsNotKept() throws {
        let harness = try BotHarness(database: "fairness_refused")
        let user = harness.newUser()
        harness.openAI.inject(.verdict(.noProduct))
        _ = harness.standIn.sendPhoto(from: user, jpeg: PipelineTests.photo)
        #expect(pipeline.waitForBot(harness, user) { $0.message.text == Texts.english.photoHasNoProduct } != nil)
        let photos = harness.mediaDirectory + "/photos"
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: photos)) ?? []).isEmpty)
        try pipeline.checkInvariants(harness)
    }
}

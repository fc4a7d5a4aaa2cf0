@testable import Bot
import Domain
import Foundation
import Sandbox
import Telegram
import Testing

/// A seller's "photo" is untrusted bytes: a decompression bomb or a file that is not an image is refused from its
/// header, before the LLM sees it and before anything decodes it, and a refusal at preparation ends the order at once.
extension PipelineTests {
    /// A PNG whose header claims 100000×100000 pixels (40 GB decoded) in a few dozen bytes.
    static let pngBomb: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        + [0x00, 0x01, 0x86, 0xA0, 0x00, 0x01, 0x86, 0xA0, 8, 2, 0, 0, 0, 0, 0, 0, 0]

    @Test func aBombOrANonImageIsNotUsableAndNeverReachesTheLLM() throws {
        let harness = try BotHarness(database: "pipeline_hostile_analysis")
        let bomb = harness.newUser()
        _ = harness.standIn.sendPhoto(from: bomb, jpeg: Self.pngBomb)
        #expect(waitForBot(harness, bomb) { $0.message.text == Texts.english.photoHasNoProduct } != nil)
        let svg = harness.newUser()
        _ = harness.standIn.sendDocument(from: svg, bytes: Array(#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.utf8),
                                         fileName: "product.png", mimeType: "image/png")
        #expect(waitForBot(harness, svg) { $0.message.text == Texts.english.photoHasNoProduct } != nil)
        #expect(harness.openAI.calls.isEmpty, "the LLM is never shown a refused photo")
        #expect(try harness.query("SELECT count(*)::int FROM orders", as: Int.self) == 0)
        #expect(try harness.query("SELECT count(*)::int FROM conversations WHERE state->>'step' = 'awaiting_photo'",
                                  as: Int.self) == 2)
        try checkInvariants(harness)
    }

    /// "More with this product" reuses the photo on disk without a new analysis; when that file is refused (here it
    /// was swapped for a bomb), the order is refunded by the first preparation attempt, which is not retried.
    @Test func aPhotoRefusedAtPreparationRefundsTheOrderWithoutRetrying() throws {
        let harness = try BotHarness(database: "pipeline_hostile_prepare")
        let first = try order(harness, count: 1)
        #expect(finished(harness, first)?.contains("1 of 1 delivered") == true)
        let photos = harness.mediaDirectory + "/photos"
        for name in try FileManager.default.contentsOfDirectory(atPath: photos) {
            try Data(Self.pngBomb).write(to: URL(fileURLWithPath: photos + "/" + name))
        }

        let video = try #require(videos(harness, first.user).first)
        try harness.press(first.user, on: video, try #require(harness.buttonData(video).first { $0.hasPrefix("r:") }))
        let card = try #require(waitForBot(harness, first.user) { $0.messageID > video.messageID
            && harness.buttonData($0).contains { $0.hasSuffix(":go") } })
        try harness.press(first.user, on: card, try #require(harness.buttonData(card).first { $0.hasSuffix(":go") }))
        let summary = finished(harness, Order(user: first.user, statusMessageID: card.messageID))
        #expect(summary?.contains("0 delivered, 1 refunded") == true, "\(summary ?? "no summary")")
        #expect(try harness.query("""
            SELECT attempt FROM jobs WHERE kind = 'order.prepare' AND state = 'failed'
            """, as: Int.self) == 1, "a refusal is permanent: one attempt, no retry")
        #expect(try harness.query("SELECT failure_class FROM videos WHERE state = 'failed'", as: String.self) == "user_error")
        #expect(harness.kie.tasks.count == 1, "KIE never received the refused photo")
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [first.user.id], as: Int.self) == 20)
        try checkInvariants(harness)
    }
}

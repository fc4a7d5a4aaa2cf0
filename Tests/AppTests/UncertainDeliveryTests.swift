import Domain
import Foundation
import Sandbox
import Telegram
import Testing
@testable import App

/// A delivery whose last attempt went unanswered may have reached the seller: it is refunded all the same, marked
/// uncertain, counted, and shown to operators.
@Suite(.serialized) struct UncertainDeliveryTests {
    static let admin = User(id: 77, firstName: "Olga", languageCode: "en")

    @Test func anUploadTelegramNeverConfirmedIsRefundedAsUncertain() throws {
        let telegram = try UnconfirmedCalls(method: "sendVideo")
        var tuning = BotHarness.fastTuning
        tuning.pipeline.finishingAttempts = 2
        let harness = try BotHarness(database: "uncertain_delivery", tuning: tuning, extraEnvironment: [
            "TELEGRAM_API_BASE": telegram.baseURL, "ADMIN_IDS": "\(Self.admin.id)",
        ])
        telegram.forward(to: harness.standIn.baseURL)
        let pipeline = PipelineTests()
        let order = try pipeline.order(harness, count: 1)

        let summary = pipeline.finished(harness, order)
        #expect(summary == "Order #1 is done: 0 delivered, 1 refunded: " + Texts.english.failureReason(.deliveryUncertain),
                "\(summary ?? "no summary")")
        #expect(pipeline.videos(harness, order.user).count == 2, "both attempts reached the chat")
        #expect(try harness.query("SELECT failure_reason FROM videos", as: String.self) == "delivery_uncertain")
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [order.user.id], as: Int.self) == 30)
        let metrics = String(decoding: testMetrics.exposition(), as: UTF8.self)
        #expect(metrics.contains("videos_delivery_uncertain_total"))

        _ = harness.standIn.sendText(from: Self.admin, text: "/start")
        try harness.botMessages(Self.admin, count: 1)
        _ = harness.standIn.sendText(from: Self.admin, text: "/stats")
        let stats = try #require(pipeline.waitForBot(harness, Self.admin) { $0.message.text?.contains("📊") == true })
        #expect(stats.message.text?.contains("Uncertain deliveries (refunded, may have arrived): 1") == true,
                "\(stats.message.text ?? "")")
        try pipeline.checkInvariants(harness)
    }
}

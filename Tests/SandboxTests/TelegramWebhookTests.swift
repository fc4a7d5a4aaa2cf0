import Foundation
import Sandbox
import Telegram
import Testing

@Suite("Telegram stand-in: webhook delivery")
struct TelegramWebhookTests {
    @Test func updatesArriveInOrderWithTheSecretHeader() throws {
        let harness = try TelegramTestHarness()
        let receiver = try TelegramWebhookReceiver()
        defer { receiver.shutdown() }
        // Updates made before the webhook is set wait for it, as Telegram keeps them.
        harness.standIn.sendText(from: TelegramTestHarness.ann, text: "early")
        #expect(try harness.client.call(SetWebhook(url: receiver.url, secretToken: "s3cret_token-1",
                                                   allowedUpdates: ["message", "callback_query"])))
        for index in 1...5 {
            harness.standIn.sendText(from: TelegramTestHarness.ann, text: "ann \(index)")
            harness.standIn.sendText(from: TelegramTestHarness.bob, text: "bob \(index)")
        }
        #expect(harness.standIn.waitUntil { receiver.updates.count == 11 })
        #expect(receiver.updates.allSatisfy { $0.secret == "s3cret_token-1" })
        let ids = receiver.updates.map(\.update.updateID)
        #expect(Set(ids) == Set(1...11))
        for user in [TelegramTestHarness.ann, TelegramTestHarness.bob] {
            let texts = receiver.updates.compactMap(\.update.message).filter { $0.chat.id == user.id }.compactMap(\.text)
            let name = user.firstName.lowercased()
            let expected = (user == TelegramTestHarness.ann ? ["early"] : []) + (1...5).map { "\(name) \($0)" }
            #expect(texts == expected)
        }
        // The receiver records an update before its answer reaches the stand-in.
        #expect(harness.standIn.waitUntil { harness.standIn.pendingUpdateCount == 0 })
        let info = try harness.client.call(GetWebhookInfo())
        #expect(info.url == receiver.url)
        #expect(info.pendingUpdateCount == 0)
        #expect(harness.standIn.violations.isEmpty)
    }

    @Test func aFailedDeliveryIsRetriedAndHoldsBackItsChat() throws {
        let harness = try TelegramTestHarness()
        let receiver = try TelegramWebhookReceiver(failFirst: 3)
        defer { receiver.shutdown() }
        harness.standIn.setWebhook(url: receiver.url, secretToken: "x")
        harness.standIn.sendText(from: TelegramTestHarness.ann, text: "first")
        harness.standIn.sendText(from: TelegramTestHarness.ann, text: "second")
        #expect(harness.standIn.waitUntil { receiver.updates.count == 2 })
        #expect(receiver.attemptCount == 5)
        #expect(receiver.updates.compactMap(\.update.message?.text) == ["first", "second"])
        let info = try harness.client.call(GetWebhookInfo())
        #expect(info.lastErrorMessage == "Wrong response from the webhook: 500")
    }

    @Test func allowedUpdatesFilterKinds() throws {
        let harness = try TelegramTestHarness()
        let receiver = try TelegramWebhookReceiver()
        defer { receiver.shutdown() }
        harness.standIn.setWebhook(url: receiver.url, allowedUpdates: ["callback_query"])
        harness.standIn.sendText(from: TelegramTestHarness.ann, text: "not delivered")
        let sent = try harness.client.call(SendMessage(
            chatID: TelegramTestHarness.ann.id, text: "Pick", replyMarkup: InlineKeyboardMarkup([[.callback("A", data: "a")]])))
        try harness.standIn.pressButton(user: TelegramTestHarness.ann, messageID: sent.messageID, data: "a")
        #expect(harness.standIn.waitUntil { receiver.updates.count == 1 })
        #expect(receiver.updates.first?.update.callbackQuery?.data == "a")
        #expect(harness.standIn.waitUntil { harness.standIn.pendingUpdateCount == 0 })
    }
}

import Domain
import Foundation
import Sandbox
import Telegram
import Testing
@testable import App

/// The seller's conversation up to a paid order, through the Telegram stand-in and the real webhook.
@Suite(.serialized) struct BotDialogueTests {
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x04, 0x00, 0x03, 0x00, 0x03]

    /// Every test ends with the books straight, no Bot API misuse and every button answered.
    func checkInvariants(_ harness: BotHarness) throws {
        #expect(harness.settle())
        #expect(try harness.ledgerMismatches().isEmpty)
        #expect(harness.standIn.violations.isEmpty, "\(harness.standIn.violations)")
        #expect(harness.standIn.unansweredCallbackQueries.isEmpty)
    }

    /// /start → Create → photo → description → 3 videos → confirm; returns the options card.
    @discardableResult
    func orderThreeVideos(_ harness: BotHarness, _ user: User, description: String = "white ceramic mug") throws
        -> StoredMessage {
        _ = harness.standIn.sendText(from: user, text: "/start")
        let menu = try harness.botMessages(user, count: 1)[0]
        try harness.press(user, on: menu, CallbackAction.menu(.create).data)
        try harness.botMessages(user, count: 2)
        _ = harness.standIn.sendPhoto(from: user, jpeg: Self.jpeg)
        try harness.botMessages(user, count: 4)
        _ = harness.standIn.sendText(from: user, text: description)
        let card = try harness.botMessages(user, count: 5)[4]
        let three = try #require(harness.buttonData(card).first { $0.hasSuffix(":n3") })
        try harness.press(user, on: card, three)
        #expect(harness.waitForText(user, messageID: card.messageID) { $0.contains(" 30 💎") } != nil)
        let updated = try #require(harness.standIn.chat(user: user).first { $0.messageID == card.messageID })
        let confirm = try #require(harness.buttonData(updated).first { $0.hasSuffix(":go") })
        try harness.press(user, on: updated, confirm)
        return updated
    }

    @Test func theWholeDialogueInEnglishEndsInAPaidOrderWithQueuedVideos() throws {
        let harness = try BotHarness(database: "bot_dialogue_en")
        let user = harness.newUser(language: "en")
        let card = try orderThreeVideos(harness, user)
        #expect(harness.waitForText(user, messageID: card.messageID) { $0.contains("accepted: 3 videos") } != nil)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [user.id], as: Int.self) == 0)
        #expect(try harness.query("SELECT count(*)::int FROM videos", as: Int.self) == 3)
        #expect(try harness.query("SELECT count(*)::int FROM jobs WHERE kind = 'order.prepare'", as: Int.self) == 1)
        #expect(try harness.query("SELECT status_message_id FROM orders", as: Int64.self) == card.messageID)
        let welcome = try harness.botMessages(user, count: 1)[0]
        #expect(welcome.message.text?.contains("You get 30 💎 to start") == true)
        try checkInvariants(harness)
    }

    @Test func theWholeDialogueInRussian() throws {
        let harness = try BotHarness(database: "bot_dialogue_ru")
        let user = harness.newUser(language: "ru")
        let card = try orderThreeVideos(harness, user, description: "белая кружка")
        #expect(harness.waitForText(user, messageID: card.messageID) { $0.contains("Заказ №") } != nil)
        #expect(try harness.botMessages(user, count: 1)[0].message.text?.contains("Дарю 30 💎") == true)
        try checkInvariants(harness)
    }

    @Test func aDoubleConfirmCreatesOneOrder() throws {
        let harness = try BotHarness(database: "bot_double_confirm")
        let user = harness.newUser()
        let card = try orderThreeVideos(harness, user)
        let confirm = try #require(harness.buttonData(card).first { $0.hasSuffix(":go") })
        _ = try? harness.standIn.pressButton(user: user, messageID: card.messageID, data: confirm)
        #expect(harness.settle())
        #expect(try harness.query("SELECT count(*)::int FROM orders", as: Int.self) == 1)
        #expect(try harness.query("SELECT count(*)::int FROM ledger WHERE reason = 'order_debit'", as: Int.self) == 1)
        try checkInvariants(harness)
    }

    @Test func notEnoughCreditsChargesNothing() throws {
        let harness = try BotHarness(database: "bot_insufficient", freeCredits: 20)
        let user = harness.newUser()
        _ = try orderThreeVideos(harness, user)
        #expect(harness.standIn.waitUntil {
            harness.standIn.chat(user: user).contains { $0.message.text?.contains("Not enough credits") == true }
        })
        #expect(try harness.query("SELECT count(*)::int FROM orders", as: Int.self) == 0)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [user.id], as: Int.self) == 20)
        try checkInvariants(harness)
    }

    @Test func aButtonFromAnOlderCardSaysItExpiredAndChangesNothing() throws {
        let harness = try BotHarness(database: "bot_stale_button")
        let user = harness.newUser()
        _ = harness.standIn.sendText(from: user, text: "/start")
        _ = harness.standIn.sendPhoto(from: user, jpeg: Self.jpeg)
        try harness.botMessages(user, count: 3)
        _ = harness.standIn.sendText(from: user, text: "mug")
        let oldCard = try harness.botMessages(user, count: 4)[3]
        _ = harness.standIn.sendText(from: user, text: "a better description")
        try harness.botMessages(user, count: 5)
        let confirm = try #require(harness.buttonData(oldCard).first { $0.hasSuffix(":go") })
        let query = try harness.standIn.pressButton(user: user, messageID: oldCard.messageID, data: confirm)
        #expect(harness.standIn.waitUntil {
            harness.standIn.callbackQueries.first { $0.id == query }?.answerText == Texts.english.buttonExpired
        })
        #expect(try harness.query("SELECT count(*)::int FROM orders", as: Int.self) == 0)
        try checkInvariants(harness)
    }

    @Test func wrongInputsGetHelpfulAnswers() throws {
        let harness = try BotHarness(database: "bot_wrong_inputs")
        let user = harness.newUser()
        _ = harness.standIn.sendText(from: user, text: "/start")
        let menu = try harness.botMessages(user, count: 1)[0]
        try harness.press(user, on: menu, CallbackAction.menu(.create).data)
        try harness.botMessages(user, count: 2)
        _ = harness.standIn.sendText(from: user, text: "hello?")
        _ = harness.standIn.sendDocument(from: user, bytes: Array("%PDF-1.4".utf8), fileName: "specs.pdf",
                                         mimeType: "application/pdf")
        let replies = try harness.botMessages(user, count: 4).compactMap(\.message.text)
        #expect(replies[2] == Texts.english.unsupportedMessage)
        #expect(replies[3] == Texts.english.unsupportedFile)
        _ = harness.standIn.sendDocument(from: user, bytes: Self.jpeg, fileName: "mug.png", mimeType: "image/png")
        #expect(try harness.botMessages(user, count: 5)[4].message.text == Texts.english.analyzingPhoto)
        try checkInvariants(harness)
    }

    @Test func thePriceIsTheOrderModelsAndTheDebitAgrees() throws {
        let harness = try BotHarness(database: "bot_model_price", freeCredits: 60,
                                     extraEnvironment: ["KIE_MODEL": "kling/v3-turbo-image-to-video"])
        let user = harness.newUser(language: "en")
        _ = harness.standIn.sendText(from: user, text: "/start")
        let menu = try harness.botMessages(user, count: 1)[0]
        try harness.press(user, on: menu, CallbackAction.menu(.create).data)
        try harness.botMessages(user, count: 2)
        _ = harness.standIn.sendPhoto(from: user, jpeg: Self.jpeg)
        try harness.botMessages(user, count: 4)
        _ = harness.standIn.sendText(from: user, text: "steel thermos")
        let card = try harness.botMessages(user, count: 5)[4]
        // Kling costs 1.5 times the base price of 10.
        #expect(card.message.text?.contains(Texts.english.costLine(15, 60, 4)) == true)
        try harness.press(user, on: card, try #require(harness.buttonData(card).first { $0.hasSuffix(":go") }))
        #expect(harness.waitForText(user, messageID: card.messageID) { $0.contains("accepted: 1 video") } != nil)
        #expect(try harness.query("SELECT unit_price FROM orders WHERE user_id = $1", [user.id], as: Int.self) == 15)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [user.id], as: Int.self) == 45)
        try checkInvariants(harness)
    }

    @Test func cancelAndLanguageAndBalanceCommands() throws {
        let harness = try BotHarness(database: "bot_commands")
        let user = harness.newUser(language: "en")
        _ = harness.standIn.sendText(from: user, text: "/balance")
        #expect(try harness.botMessages(user, count: 1)[0].message.text?.hasPrefix(Texts.english.balance(30, 10)) == true)
        _ = harness.standIn.sendText(from: user, text: "/language")
        let chooser = try harness.botMessages(user, count: 2)[1]
        try harness.press(user, on: chooser, CallbackAction.setLanguage(.ru).data)
        #expect(try harness.botMessages(user, count: 3)[2].message.text?.hasPrefix(Texts.russian.languageChanged) == true)
        _ = harness.standIn.sendText(from: user, text: "/cancel")
        #expect(try harness.botMessages(user, count: 4)[3].message.text == Texts.russian.cancelled)
        #expect(try harness.query("SELECT language FROM users WHERE id = $1", [user.id], as: String.self) == "ru")
        try checkInvariants(harness)
    }
}

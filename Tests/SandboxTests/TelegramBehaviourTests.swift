import Foundation
import Sandbox
import Telegram
import Testing

@Suite("Telegram stand-in: behaviour of chats, edits, buttons and limits")
struct TelegramBehaviourTests {
    let ann = TelegramTestHarness.ann

    private func apiError(_ code: Int, _ description: String, retryAfter: Int? = nil) -> TelegramError {
        .api(code: code, description: description, retryAfter: retryAfter, migrateToChatID: nil)
    }

    @Test func messageIDsIncreasePerChatAndEditsAreKept() throws {
        let harness = try TelegramTestHarness()
        harness.startChat()
        let first = try harness.client.call(SendMessage(chatID: ann.id, text: "one"))
        let second = try harness.client.call(SendMessage(chatID: ann.id, text: "two"))
        #expect(first.messageID == 2)
        #expect(second.messageID == 3)
        let keyboard = InlineKeyboardMarkup([[.callback("OK", data: "ok")]])
        _ = try harness.client.call(EditMessageReplyMarkup(chatID: ann.id, messageID: first.messageID, replyMarkup: keyboard))
        let stored = harness.standIn.chat(user: ann)[1]
        #expect(stored.text == "one")
        #expect(stored.replyMarkup == keyboard)
        #expect(stored.editCount == 1)
        #expect(stored.sender == .bot)
    }

    @Test func editingFailsLikeTelegram() throws {
        let harness = try TelegramTestHarness()
        harness.startChat()
        let sent = try harness.client.call(SendMessage(chatID: ann.id, text: "same"))
        #expect(throws: apiError(400, "Bad Request: message to edit not found")) {
            try harness.client.call(EditMessageText(chatID: ann.id, messageID: 99, text: "x"))
        }
        #expect(throws: apiError(400, "Bad Request: message is not modified: specified new message content and reply "
                                 + "markup are exactly the same as a current content and reply markup of the message")) {
            try harness.client.call(EditMessageText(chatID: ann.id, messageID: sent.messageID, text: "same"))
        }
        #expect(throws: apiError(400, "Bad Request: message can't be edited")) {
            try harness.client.call(EditMessageText(chatID: ann.id, messageID: 1, text: "not yours"))
        }
        #expect(throws: apiError(400, "Bad Request: chat not found")) {
            try harness.client.call(SendMessage(chatID: 424242, text: "stranger"))
        }
        // Behaviour errors are Telegram's normal answers, not API violations.
        #expect(harness.standIn.violations.isEmpty)
    }

    @Test func aUserWhoBlockedTheBotCannotBeWritten() throws {
        let harness = try TelegramTestHarness()
        let receiver = try TelegramWebhookReceiver()
        defer { receiver.shutdown() }
        harness.standIn.setWebhook(url: receiver.url)
        harness.startChat()
        harness.standIn.blockBot(user: ann)
        #expect(throws: apiError(403, "Forbidden: bot was blocked by the user")) {
            try harness.client.call(SendMessage(chatID: ann.id, text: "are you there?"))
        }
        #expect(harness.standIn.waitUntil { receiver.updates.count == 2 })
        let membership = try #require(receiver.updates.last?.update.myChatMember)
        #expect(membership.newChatMember.status == "kicked")
        #expect(membership.chat.id == ann.id)
    }

    @Test func pressingAButtonDeliversACallbackQueryThatMustBeAnsweredOnce() throws {
        let harness = try TelegramTestHarness()
        let receiver = try TelegramWebhookReceiver()
        defer { receiver.shutdown() }
        harness.standIn.setWebhook(url: receiver.url)
        harness.startChat()
        let sent = try harness.client.call(SendMessage(
            chatID: ann.id, text: "Pick", replyMarkup: InlineKeyboardMarkup([[.callback("A", data: "pick:a")]])))
        #expect(throws: TelegramStandIn.UserActionError.noSuchButton(messageID: sent.messageID, data: "pick:b")) {
            try harness.standIn.pressButton(user: ann, messageID: sent.messageID, data: "pick:b")
        }
        let queryID = try harness.standIn.pressButton(user: ann, messageID: sent.messageID, data: "pick:a")
        #expect(harness.standIn.waitUntil { receiver.updates.count == 2 })
        let query = try #require(receiver.updates.last?.update.callbackQuery)
        #expect(query.id == queryID)
        #expect(query.data == "pick:a")
        #expect(query.message?.messageID == sent.messageID)
        #expect(harness.standIn.unansweredCallbackQueries.map(\.id) == [queryID])

        #expect(try harness.client.call(AnswerCallbackQuery(callbackQueryID: queryID, text: "Done")))
        #expect(harness.standIn.unansweredCallbackQueries.isEmpty)
        #expect(harness.standIn.callbackQueries.first?.answerText == "Done")
        let tooOld = apiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        #expect(throws: tooOld) { try harness.client.call(AnswerCallbackQuery(callbackQueryID: queryID)) }
        #expect(throws: tooOld) { try harness.client.call(AnswerCallbackQuery(callbackQueryID: "nonsense")) }
    }

    /// Telegram performs a method call the bot makes in its webhook response; one breaking the rules is recorded.
    @Test func aPressAnsweredInTheWebhookResponseIsAnswered() throws {
        for (answer, violations) in [("Done", 0), (String(repeating: "a", count: 201), 1)] {
            let harness = try TelegramTestHarness()
            let receiver = try TelegramWebhookReceiver(answerPresses: answer)
            defer { receiver.shutdown() }
            harness.standIn.setWebhook(url: receiver.url)
            harness.startChat()
            let sent = try harness.client.call(SendMessage(
                chatID: ann.id, text: "Pick", replyMarkup: InlineKeyboardMarkup([[.callback("A", data: "pick:a")]])))
            let queryID = try harness.standIn.pressButton(user: ann, messageID: sent.messageID, data: "pick:a")
            #expect(harness.standIn.waitUntil { receiver.updates.count == 2 })
            if violations == 0 {
                #expect(harness.standIn.waitUntil { harness.standIn.unansweredCallbackQueries.isEmpty })
                #expect(harness.standIn.callbackQueries.first { $0.id == queryID }?.answerText == "Done")
            } else {
                #expect(harness.standIn.waitUntil { harness.standIn.violations.count == violations })
                #expect(harness.standIn.unansweredCallbackQueries.map(\.id) == [queryID])
            }
        }
    }

    @Test func sendingFasterThanTheChatLimitGets429WithRetryAfter() throws {
        let limits = TelegramStandInConfiguration.RateLimits(globalPerSecond: 30, globalBurst: 30,
                                                             perChatPerSecond: 0.2, perChatBurst: 2)
        let harness = try TelegramTestHarness(rateLimits: limits)
        harness.startChat()
        _ = try harness.client.call(SendMessage(chatID: ann.id, text: "1"))
        _ = try harness.client.call(SendMessage(chatID: ann.id, text: "2"))
        do {
            _ = try harness.client.call(SendMessage(chatID: ann.id, text: "3"))
            Issue.record("the third message in a row should be limited")
        } catch TelegramError.api(let code, let description, let retryAfter, _) {
            #expect(code == 429)
            #expect(description == "Too Many Requests: retry after \(retryAfter ?? -1)")
            #expect((1...5).contains(retryAfter ?? 0))
        }
        // Another chat has its own bucket.
        harness.startChat(TelegramTestHarness.bob)
        _ = try harness.client.call(SendMessage(chatID: TelegramTestHarness.bob.id, text: "hi Bob"))
        #expect(harness.standIn.chat(user: ann).count == 3)
    }

    @Test func theOverallLimitAppliesAcrossChats() throws {
        let limits = TelegramStandInConfiguration.RateLimits(globalPerSecond: 0.5, globalBurst: 3,
                                                             perChatPerSecond: 100, perChatBurst: 100)
        let harness = try TelegramTestHarness(rateLimits: limits)
        let users = (1...4).map { User(id: 2000 + Int64($0), firstName: "U\($0)") }
        users.forEach { harness.startChat($0) }
        for user in users.prefix(3) {
            _ = try harness.client.call(SendMessage(chatID: user.id, text: "news"))
        }
        #expect(throws: apiError(429, "Too Many Requests: retry after 2", retryAfter: 2)) {
            try harness.client.call(SendMessage(chatID: users[3].id, text: "news"))
        }
    }

    @Test func invoicesArePaidThroughPreCheckout() throws {
        let harness = try TelegramTestHarness()
        let receiver = try TelegramWebhookReceiver()
        defer { receiver.shutdown() }
        harness.standIn.setWebhook(url: receiver.url)
        harness.startChat()
        let (status, answer) = try harness.rawCall("sendInvoice", json: """
            {"chat_id":1001,"title":"50 credits","description":"Credits for videos","payload":"pack-50",
             "currency":"XTR","prices":[{"label":"50 credits","amount":250}],"provider_token":""}
            """)
        #expect(status == 200)
        let messageID = try #require((answer["result"] as? [String: Any])?["message_id"] as? Int)
        let queryID = try harness.standIn.payInvoice(user: ann, messageID: Int64(messageID))
        #expect(harness.standIn.waitUntil { receiver.updates.count == 2 })
        #expect(receiver.updates.last?.update.preCheckoutQuery?.totalAmount == 250)
        let (answered, _) = try harness.rawCall("answerPreCheckoutQuery", json: #"{"pre_checkout_query_id":"\#(queryID)","ok":true}"#)
        #expect(answered == 200)
        #expect(harness.standIn.waitUntil { receiver.updates.count == 3 })
        let payment = try #require(receiver.updates.last?.update.message?.successfulPayment)
        #expect(payment.invoicePayload == "pack-50")
        #expect(payment.totalAmount == 250)
        #expect(harness.standIn.violations.isEmpty)
    }
}

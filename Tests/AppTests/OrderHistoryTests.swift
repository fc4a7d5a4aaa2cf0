@testable import Bot
@testable import Domain
import Foundation
import Postgres
import Sandbox
import Telegram
import Testing
@testable import App

/// 📚 My videos through the Telegram, KIE and OpenAI stand-ins and the real webhook.
@Suite(.serialized) struct OrderHistoryTests {
    let pipeline = PipelineTests()

    /// Orders of one video each, paid and delivered as `fileID` (a video the stand-in holds), written directly:
    /// generating them would take minutes.
    func deliveredOrders(_ harness: BotHarness, of user: User, count: Int, fileID: String) throws -> [Int64] {
        try harness.service.database.transaction { db in
            try (0..<count).map { index in
                let order = try place(description: "vase \(index)", for: user, key: "delivered:\(index)", on: db)
                try db.execute("""
                    UPDATE videos SET state = 'delivered', telegram_file_id = $2, delivered_at = now() WHERE order_id = $1
                    """, [order, fileID])
                try db.execute("UPDATE orders SET status = 'finished', finished_at = now() WHERE id = $1", [order])
                return order
            }
        }
    }

    /// An order whose one video was cancelled before it started, and refunded.
    func refundedOrder(_ harness: BotHarness, of user: User) throws -> Int64 {
        try harness.service.database.transaction { db in
            let order = try place(description: "lamp", for: user, key: "refunded", on: db)
            #expect(try VideoFailures.cancel(orderID: order, userID: user.id, on: db) == 1)
            try db.execute("UPDATE orders SET status = 'finished', finished_at = now() WHERE id = $1", [order])
            return order
        }
    }

    private func place(description: String, for user: User, key: String, on db: PostgresConnection) throws -> Int64 {
        let draft = OrderDraft(photo: ProductPhoto(fileID: "photo-\(key)", fileUniqueID: key), description: description,
                               count: 1, format: .portrait, unitPrice: 10)
        return try #require(try Orders.place(draft, userID: user.id, chatID: user.id, language: .en,
                                             draftKey: "test:\(user.id):\(key)", model: "m",
                                             deadline: VideoDeadline.standard, statusMessageID: nil, on: db)).id
    }

    func message(_ harness: BotHarness, _ user: User, _ messageID: Int64) throws -> StoredMessage {
        try #require(harness.standIn.chat(user: user).first { $0.messageID == messageID })
    }

    /// A callback query Telegram never saw: data the bot did not draw, as a modified client could send.
    /// Returns the text the press was answered with, in the webhook's 200.
    func pressForged(_ harness: BotHarness, _ user: User, on messageID: Int64, data: String, queryID: String,
                     updateID: Int64) throws -> String? {
        let body = """
            {"update_id":\(updateID),"callback_query":{"id":"\(queryID)","chat_instance":"x","data":"\(data)",
             "from":{"id":\(user.id),"is_bot":false,"first_name":"\(user.firstName)","language_code":"en"},
             "message":{"message_id":\(messageID),"date":\(Int(Date().timeIntervalSince1970)),
                        "chat":{"id":\(user.id),"type":"private"}}}}
            """
        let response = try harness.postUpdate(body)
        #expect(response.status == 200)
        let reply = try JSONDecoder().decode(AnswerReply.self, from: Data(response.body))
        #expect(reply.method == "answerCallbackQuery" && reply.callbackQueryID == queryID)
        return reply.text
    }

    struct AnswerReply: Decodable {
        var method: String
        var callbackQueryID: String
        var text: String?

        enum CodingKeys: String, CodingKey {
            case method, text
            case callbackQueryID = "callback_query_id"
        }
    }

    @Test func myVideosPagesTheOrdersAndSendsOneAgainByItsFileID() throws {
        let harness = try BotHarness(database: "history_paging", freeCredits: 100)
        let order = try pipeline.order(harness, count: 1)
        #expect(pipeline.finished(harness, order)?.contains("1 of 1 delivered") == true)
        let user = order.user
        let generated = try harness.query("SELECT id FROM orders", as: Int64.self)
        let fileID = try harness.query("SELECT telegram_file_id FROM videos", as: String.self)
        let delivered = try deliveredOrders(harness, of: user, count: 5, fileID: fileID)
        let refunded = try refundedOrder(harness, of: user)

        let menu = try harness.botMessages(user, count: 1)[0]
        try harness.press(user, on: menu, CallbackAction.menu(.videos).data)
        let list = try #require(pipeline.waitForBot(harness, user) { $0.message.text?.hasPrefix("📚 Your orders") == true })
        let firstPage = try #require(list.message.text)
        #expect(firstPage.hasPrefix("📚 Your orders · page 1 of 2\n\n#\(refunded) · "))
        #expect(firstPage.contains("lamp\ndelivered 0 of 1 · refunded 1"))
        #expect(firstPage.contains("#\(delivered[1]) · ") && !firstPage.contains("#\(delivered[0]) · "))
        let newestDelivered: [String] = delivered.reversed().prefix(4).flatMap { ["s:\($0)", "r:\($0)"] }
        #expect(harness.buttonData(list) == ["r:\(refunded)"] + newestDelivered + ["h:1", "m:home"])

        try harness.press(user, on: list, CallbackAction.historyPage(1).data)
        let secondPage = harness.waitForText(user, messageID: list.messageID) { $0.contains("page 2 of 2") }
        #expect(secondPage?.contains("#\(generated) · ") == true)
        let pageTwo = try message(harness, user, list.messageID)
        #expect(harness.buttonData(pageTwo) == ["s:\(delivered[0])", "r:\(delivered[0])", "s:\(generated)",
                                                "r:\(generated)", "h:0", "m:home"])

        try harness.press(user, on: pageTwo, CallbackAction.sendAgain(orderID: generated).data)
        #expect(harness.standIn.waitUntil { pipeline.videos(harness, user).count == 2 })
        let again = try #require(pipeline.videos(harness, user).last)
        #expect(again.message.video?.fileID == fileID)
        #expect(again.message.caption == Texts.english.videoCaption(generated, 1, 1))
        #expect(harness.buttonData(again) == ["r:\(generated)", "m:home"])

        _ = harness.standIn.sendText(from: user, text: "/videos")
        #expect(pipeline.waitForBot(harness, user) { $0.messageID > again.messageID && $0.message.text == firstPage } != nil)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [user.id], as: Int.self) == 40,
                "100 − 7 orders × 10 + 1 refund × 10: sending again is free")
        try pipeline.checkInvariants(harness)
    }

    @Test func aForgedOrderInSendAgainSendsNothingAndIsAnswered() throws {
        let harness = try BotHarness(database: "history_forged")
        let victim = try pipeline.order(harness, count: 1)
        #expect(pipeline.finished(harness, victim) != nil)
        let victimsOrder = try harness.query("SELECT id FROM orders", as: Int64.self)
        let seller = harness.newUser(name: "Boris")
        _ = harness.standIn.sendText(from: seller, text: "/videos")
        let empty = try harness.botMessages(seller, count: 1)[0]
        #expect(empty.message.text == Texts.english.myVideosEmpty)

        #expect(try pressForged(harness, seller, on: empty.messageID,
                                data: CallbackAction.sendAgain(orderID: victimsOrder).data, queryID: "forged-1",
                                updateID: 900_001) == Texts.english.buttonExpired)
        #expect(try pressForged(harness, seller, on: empty.messageID, data: CallbackAction.sendAgain(orderID: 987_654).data,
                                queryID: "forged-2", updateID: 900_002) == Texts.english.buttonExpired)
        #expect(harness.settle())
        #expect(pipeline.videos(harness, seller).isEmpty)
        #expect(pipeline.videos(harness, victim.user).count == 1)
        #expect(try harness.query("SELECT count(*)::int FROM jobs WHERE payload ? 'videoFileID'", as: Int.self) == 0)
        try pipeline.checkInvariants(harness)
    }

    @Test func aSendAgainThatWouldOverfillTheChatsBacklogIsRefused() throws {
        let harness = try BotHarness(database: "history_backlog")
        let user = harness.newUser()
        _ = harness.standIn.sendText(from: user, text: "/start")
        try harness.botMessages(user, count: 1)
        let order = try #require(try deliveredOrders(harness, of: user, count: 1, fileID: "no-such-file").first)
        // A backlog the chat has not received yet: 30 messages due in an hour.
        let backlog = DialogueSettings(videoPrice: 10, signupBonus: 0).maxPendingMessages
        try harness.service.database.transaction { db in
            for index in 0..<backlog {
                try OutboxJobs.send(OutgoingMessage("later \(index)"), chatID: user.id, uniqueKey: "later:\(index)", on: db)
            }
            // Outbox jobs are inserted with the COMMIT; this runs after them there.
            try db.atCommit(PostgresStatement("UPDATE jobs SET run_at = now() + interval '1 hour' WHERE unique_key LIKE 'later:%'"))
        }
        #expect(try pressForged(harness, user, on: 1, data: CallbackAction.sendAgain(orderID: order).data,
                                queryID: "again-1", updateID: 900_101) == Texts.english.tooManyPending)
        #expect(try harness.query("SELECT count(*)::int FROM jobs WHERE payload ? 'videoFileID'", as: Int.self) == 0)
        #expect(try harness.ledgerMismatches().isEmpty)
    }
}

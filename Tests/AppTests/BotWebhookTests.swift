import Bot
import Domain
import Foundation
import HTTPClient
import Sandbox
import Telegram
import TestSupport
import Testing
@testable import App

/// What arrives at the webhook from the network: replays, forgeries, garbage, floods and blocked users.
@Suite(.serialized) struct BotWebhookTests {
    func startUpdate(id: Int64, user: Int64) -> String {
        """
        {"update_id":\(id),"message":{"message_id":\(id),"date":1760000000,
         "chat":{"id":\(user),"type":"private"},"from":{"id":\(user),"is_bot":false,"first_name":"Replay"},
         "text":"/start"}}
        """
    }

    @Test func setWebhookRegistersValidCommandListsPerLanguage() throws {
        let harness = try BotHarness(database: "webhook_commands")
        let client = TelegramClient(token: TelegramStandInConfiguration().botToken, apiBase: harness.standIn.baseURL,
                                    http: HTTPClient())
        _ = try client.call(SetWebhook(url: harness.webhookURL, secretToken: BotHarness.webhookSecret,
                                       allowedUpdates: BotCommands.allowedUpdates))
        for registration in BotCommands.registrations { _ = try client.call(registration) }
        #expect(harness.standIn.commands(languageCode: "en")?.first?.description == "Main menu")
        #expect(harness.standIn.commands(languageCode: "ru")?.first?.description == "Главное меню")
        #expect(harness.standIn.commands()?.count == Texts.russian.commands.count)
        #expect(harness.standIn.violations.isEmpty, "\(harness.standIn.violations)")
    }

    @Test func aReplayedUpdateIsStoredAndAnsweredOnce() throws {
        let harness = try BotHarness(database: "webhook_replay")
        let user = harness.newUser()
        _ = harness.standIn.sendText(from: user, text: "/help")
        try harness.botMessages(user, count: 1)
        for _ in 0..<3 {
            #expect(try harness.postUpdate(startUpdate(id: 900_001, user: user.id)).status == 200)
        }
        #expect(harness.settle())
        #expect(try harness.query("SELECT count(*)::int FROM telegram_updates", as: Int.self) == 2)
        #expect(harness.standIn.chat(user: user).filter { $0.sender == .bot }.count == 2)
        #expect(try harness.query("SELECT count(*)::int FROM ledger WHERE reason = 'signup_bonus'", as: Int.self) == 1)
        #expect(try harness.ledgerMismatches().isEmpty)
    }

    @Test(arguments: [nil, "", "wrong-secret", BotHarness.webhookSecret + "x", String(BotHarness.webhookSecret.dropLast())])
    func aForgedWebhookIs401AndStoresNothing(secret: String?) throws {
        let harness = try BotHarness(database: "webhook_forged")
        let response = try harness.postUpdate(startUpdate(id: 900_002, user: 78), secret: secret)
        #expect(response.status == 401)
        #expect(try harness.query("SELECT count(*)::int FROM telegram_updates", as: Int.self) == 0)
        #expect(try harness.query("SELECT count(*)::int FROM users", as: Int.self) == 0)
    }

    @Test(arguments: ["", "not json", "[]", "{}", "null", #""update_id""#, #"{"update_id":"1"}"#, #"{"update_id":1.5}"#,
                      #"{"update_id":null,"message":{"text":"x"}}"#, #"{"message":{"message_id":1}}"#,
                      String(repeating: "[", count: 100_000)])
    func malformedJSONIs400AndStoresNothing(body: String) throws {
        let harness = try BotHarness(database: "webhook_malformed")
        #expect(try harness.postUpdate(body).status == 400)
        #expect(try harness.query("SELECT count(*)::int FROM telegram_updates", as: Int.self) == 0)
    }

    /// The bodies Telegram's webhook guide tells developers to test with: a new Russian-speaking seller is welcomed,
    /// and the PDF is turned down as no picture.
    @Test(arguments: [("text", TelegramSampleUpdates.startMessage, "Test Firstname"),
                      ("document", TelegramSampleUpdates.pdfDocument, Texts.russian.unsupportedFile)])
    func telegramsSampleUpdatesAreAnswered(sample: String, body: String, reply: String) throws {
        let harness = try BotHarness(database: "webhook_sample_\(sample)")
        #expect(try harness.postUpdate(body).status == 200)
        #expect(try harness.query("SELECT kind FROM telegram_updates WHERE update_id = 10000", as: String.self) == "message")
        #expect(try harness.query("SELECT first_name FROM users WHERE id = 1111111", as: String.self) == "Test Firstname")
        let replies = try harness.service.database.query("""
            SELECT payload->>'text' AS text FROM jobs WHERE kind = $1 AND payload->>'chatID' = '1111111'
            """, [OutboxJobs.messageKind]).map { try $0.decode("text", as: String.self) }
        #expect(replies.count == 1)
        #expect(replies.first?.contains(reply) == true, "\(replies)")
    }

    /// Refusing an update makes Telegram send it again and again, so one with an integer `update_id` is recorded
    /// (under its kind) and answered 200 even when the bot cannot read it, and nothing else happens.
    @Test(arguments: [
        (#"{"update_id":21,"message":{"text":"x"}}"#, "message_unreadable"),
        (#"{"update_id":22,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"first_name":"A"},"text":5}}"#,
         "message_unreadable"),
        (#"{"update_id":23,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"is_bot":"no","first_name":"A"},"text":"/start"}}"#,
         "message_unreadable"),
        (#"{"update_id":24,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"first_name":"A"},"photo":{"file_id":"x"}}}"#,
         "message_unreadable"),
        (#"{"update_id":25,"callback_query":{"id":"q","from":{"id":5,"first_name":"A"},"data":7}}"#, "callback_query_unreadable"),
        (#"{"update_id":26,"pre_checkout_query":{"id":"p","from":{"id":5,"first_name":"A"},"currency":"XTR","total_amount":"50","invoice_payload":"x"}}"#,
         "pre_checkout_query_unreadable"),
        (#"{"update_id":27,"managed_bot":{"user":{"id":5}},"future_field":[1,2]}"#, "other"),
    ])
    func anUpdateTheBotCannotReadIs200AndRecordedAsIgnored(body: String, kind: String) throws {
        let harness = try BotHarness(database: "webhook_unreadable")
        let updateID = try JSONDecoder().decode(UpdateHeader.self, from: Data(body.utf8)).updateID
        for _ in 0..<2 { #expect(try harness.postUpdate(body).status == 200) }
        #expect(try harness.query("SELECT kind FROM telegram_updates WHERE update_id = $1", [updateID], as: String.self) == kind)
        #expect(try harness.query("SELECT count(*)::int FROM telegram_updates WHERE update_id = $1", [updateID], as: Int.self) == 1)
        #expect(try harness.query("SELECT count(*)::int FROM users", as: Int.self) == 0)
        #expect(try harness.query("SELECT count(*)::int FROM jobs WHERE kind NOT IN ($1, $2)",
                                  [Housekeeping.kind, StrandedVideos.kind], as: Int.self) == 0)
    }

    @Test func updatesTheBotDoesNotHandleAre200AndCounted() throws {
        let harness = try BotHarness(database: "webhook_unhandled")
        let bodies = [
            #"{"update_id":1,"edited_message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"text":"x"}}"#,
            #"{"update_id":2,"channel_post":{"message_id":1,"date":1,"chat":{"id":-100,"type":"channel"},"text":"x"}}"#,
            #"{"update_id":3,"message":{"message_id":1,"date":1,"chat":{"id":-5,"type":"group"},"from":{"id":5,"is_bot":false,"first_name":"G"},"text":"/start"}}"#,
            #"{"update_id":4,"poll":{"id":"p","question":"?","options":[]}}"#,
        ]
        for body in bodies { #expect(try harness.postUpdate(body).status == 200) }
        #expect(try harness.query("SELECT count(*)::int FROM telegram_updates", as: Int.self) == 4)
        #expect(try harness.query("SELECT count(*)::int FROM users", as: Int.self) == 0)
        #expect(try harness.query("SELECT count(*)::int FROM jobs WHERE kind NOT IN ($1, $2)",
                                  [Housekeeping.kind, StrandedVideos.kind], as: Int.self) == 0)
    }

    @Test func aUserWhoBlockedTheBotReceivesNothingMore() throws {
        let harness = try BotHarness(database: "webhook_blocked")
        let user = harness.newUser()
        _ = harness.standIn.sendText(from: user, text: "/start")
        try harness.botMessages(user, count: 1)
        harness.standIn.blockBot(user: user)
        #expect(harness.standIn.waitUntil {
            (try? harness.query("SELECT blocked_at IS NOT NULL FROM users WHERE id = $1", [user.id], as: Bool.self)) == true
        })
        // A message the bot decided before it learnt of the block is dropped, not retried forever.
        try harness.service.database.transaction { db in
            try OutboxJobs.send(OutgoingMessage("late news"), chatID: user.id, uniqueKey: "late", on: db)
        }
        #expect(harness.settle())
        #expect(harness.standIn.chat(user: user).filter { $0.sender == .bot }.count == 1)
        #expect(try harness.query("SELECT count(*)::int FROM jobs WHERE state = 'failed'", as: Int.self) == 0)
    }

    @Test func aFloodIsAnsweredOnceThenIgnored() throws {
        var tuning = Service.Tuning()
        tuning.updateRate = UpdateRateLimit(updates: 4, windowSeconds: 60)
        let harness = try BotHarness(database: "webhook_flood", tuning: tuning)
        let user = harness.newUser()
        for index in 0..<12 { _ = harness.standIn.sendText(from: user, text: "message \(index)") }
        #expect(harness.settle())
        let texts = harness.standIn.chat(user: user).filter { $0.sender == .bot }.compactMap(\.message.text)
        #expect(texts.filter { $0 == Texts.english.slowDown }.count == 1)
        #expect(texts.count == 5)
        #expect(try harness.query("SELECT count(*)::int FROM telegram_updates", as: Int.self) == 12)
    }

    @Test func telegrams429IsObeyedAndEveryMessageArrives() throws {
        let tight = TelegramStandInConfiguration.RateLimits(perChatPerSecond: 2, perChatBurst: 1)
        let harness = try BotHarness(database: "webhook_429", rateLimits: tight)
        let user = harness.newUser()
        for command in ["/help", "/balance", "/language", "/cancel", "/start"] {
            _ = harness.standIn.sendText(from: user, text: command)
        }
        let messages = try harness.botMessages(user, count: 5)
        #expect(messages.count == 5)
        #expect(try harness.query("SELECT count(*)::int FROM jobs WHERE state = 'failed'", as: Int.self) == 0)
        #expect(harness.standIn.violations.isEmpty)
    }
}

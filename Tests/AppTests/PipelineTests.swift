@testable import Bot
import Domain
import Foundation
import HTTPClient
import LLM
import Sandbox
import Telegram
import Testing
@testable import App

/// From a confirmed order to videos in the chat, through the Telegram, KIE and OpenAI stand-ins (issue 5's list).
@Suite(.serialized) struct PipelineTests {
    /// A real JPEG made by ffmpeg when it is installed, so every stand-in sees a proper image.
    static let photo: [UInt8] = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nc-product-\(getpid()).jpg").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                             "color=c=orange:s=640x480,drawbox=x=220:y=120:w=200:h=240:color=blue:t=fill",
                             "-frames:v", "1", path]
        if (try? process.run()) != nil { process.waitUntilExit() }
        return FileManager.default.contents(atPath: path).map(Array.init) ?? BotDialogueTests.jpeg
    }()

    struct Order {
        let user: User
        let statusMessageID: Int64
    }

    /// /start → photo → (analysis) → skip → `count` videos → confirm.
    func order(_ harness: BotHarness, count: Int, user: User? = nil) throws -> Order {
        let user = user ?? harness.newUser()
        _ = harness.standIn.sendText(from: user, text: "/start")
        try harness.botMessages(user, count: 1)
        _ = harness.standIn.sendPhoto(from: user, jpeg: Self.photo)
        let proposal = try #require(waitForBot(harness, user) { harness.buttonData($0).contains { $0.hasSuffix(":skip") } })
        try harness.press(user, on: proposal, try #require(harness.buttonData(proposal).first { $0.hasSuffix(":skip") }))
        #expect(harness.waitForText(user, messageID: proposal.messageID) { $0.contains("💎") } != nil)
        var card = try #require(harness.standIn.chat(user: user).first { $0.messageID == proposal.messageID })
        if count != 1 {
            try harness.press(user, on: card, try #require(harness.buttonData(card).first { $0.hasSuffix(":n\(count)") }))
            #expect(harness.waitForText(user, messageID: card.messageID) { $0.contains(" \(count * 10) 💎") } != nil)
            card = try #require(harness.standIn.chat(user: user).first { $0.messageID == card.messageID })
        }
        try harness.press(user, on: card, try #require(harness.buttonData(card).first { $0.hasSuffix(":go") }))
        return Order(user: user, statusMessageID: card.messageID)
    }

    func waitForBot(_ harness: BotHarness, _ user: User, timeout: Duration = .seconds(15),
                    _ condition: @escaping (StoredMessage) -> Bool) -> StoredMessage? {
        var found: StoredMessage?
        _ = harness.standIn.waitUntil(timeout: timeout) {
            found = harness.standIn.chat(user: user).last { $0.sender == .bot && condition($0) }
            return found != nil
        }
        return found
    }

    func videos(_ harness: BotHarness, _ user: User) -> [StoredMessage] {
        harness.standIn.chat(user: user).filter { $0.message.video != nil }
    }

    /// Waits for the order to finish; returns the status message's final text.
    func finished(_ harness: BotHarness, _ order: Order, timeout: Duration = .seconds(40)) -> String? {
        var text: String?
        _ = harness.standIn.waitUntil(timeout: timeout) {
            text = harness.standIn.chat(user: order.user).first { $0.messageID == order.statusMessageID }?.message.text
            return text?.contains("is done") == true
        }
        return text?.contains("is done") == true ? text : nil
    }

    func checkInvariants(_ harness: BotHarness) throws {
        #expect(harness.settle())
        #expect(try harness.ledgerMismatches().isEmpty)
        #expect(harness.standIn.violations.isEmpty, "\(harness.standIn.violations)")
        #expect(harness.standIn.unansweredCallbackQueries.isEmpty)
        #expect(try harness.query("""
            SELECT count(*)::int FROM videos v
            WHERE v.state IN ('failed', 'cancelled')
              AND (SELECT count(*) FROM ledger l WHERE l.reference = 'video:' || v.id || ':refund') <> 1
            """, as: Int.self) == 0, "every failed or cancelled video is refunded exactly once")
    }

    @Test func oneVideoArrivesWithOneNotification() throws {
        let harness = try BotHarness(database: "pipeline_one")
        let order = try order(harness, count: 1)
        #expect(finished(harness, order)?.contains("1 of 1 delivered") == true)
        let delivered = videos(harness, order.user)
        #expect(delivered.count == 1)
        #expect(delivered.first?.message.caption?.contains("Video 1 of 1") == true)
        #expect(harness.buttonData(try #require(delivered.first)).contains { $0.hasPrefix("r:") })
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [order.user.id], as: Int.self) == 20)
        #expect(try harness.query("SELECT count(*)::int FROM videos WHERE telegram_file_id IS NOT NULL", as: Int.self) == 1)
        try checkInvariants(harness)
    }

    /// Hosts share nothing but PostgreSQL: a host without the files (here: the files removed) prepares the photo
    /// again for KIE's fetch and fetches KIE's result again for a delivery.
    @Test func aHostWithoutTheFilesMakesThemAgain() throws {
        let harness = try BotHarness(database: "pipeline_other_host")
        let order = try order(harness, count: 1)
        #expect(finished(harness, order) != nil)
        let media = harness.mediaDirectory
        try FileManager.default.removeItem(atPath: media)

        let task = try #require(harness.kie.tasks.first)
        let photo = try HTTPClient().send(HTTPClientRequest(url: task.imageURL))
        #expect(photo.status == 200)
        #expect(photo.body.starts(with: [0xFF, 0xD8]), "a JPEG")

        let videoID = try harness.query("SELECT id FROM videos", as: Int64.self)
        try harness.service.database.transaction { db in
            try db.execute("UPDATE videos SET state = 'delivering' WHERE id = $1", [videoID])
            try PipelineJobs.enqueue(PipelineJobs.deliverVideo, videoID: videoID, step: "deliver-elsewhere", on: db)
        }
        #expect(harness.standIn.waitUntil(timeout: .seconds(15)) { videos(harness, order.user).count == 2 })
        #expect(FileManager.default.fileExists(atPath: media + "/videos/\(videoID).mp4"))
        try checkInvariants(harness)
    }

    @Test(arguments: [3, 5])
    func everyVideoOfTheOrderArrivesAndTheCreditsAreExact(count: Int) throws {
        let harness = try BotHarness(database: "pipeline_\(count)", freeCredits: 60)
        let order = try order(harness, count: count)
        #expect(finished(harness, order)?.contains("\(count) of \(count) delivered") == true)
        #expect(videos(harness, order.user).count == count)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [order.user.id], as: Int.self) == 60 - count * 10)
        let prompts = try harness.query("SELECT count(DISTINCT prompt)::int FROM videos", as: Int.self)
        #expect(prompts == count, "each video has its own scene")
        try checkInvariants(harness)
    }

    @Test func aContentPolicyRefusalIsRefundedAndExplained() throws {
        let harness = try BotHarness(database: "pipeline_user_error")
        harness.kie.enqueue(.contentPolicy)
        let order = try order(harness, count: 1)
        let summary = finished(harness, order)
        #expect(summary?.contains("0 delivered, 1 refunded") == true)
        #expect(summary?.contains("photo of the product alone") == true)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [order.user.id], as: Int.self) == 30)
        #expect(try harness.query("SELECT failure_class FROM videos", as: String.self) == "user_error")
        // Operators see it too (the metrics back-end is shared by the whole test process, so only presence counts).
        let metrics = String(decoding: testMetrics.exposition(), as: UTF8.self)
        #expect(metrics.contains(#"videos_finished_total{class="user_error",state="failed"}"#)
            || metrics.contains(#"videos_finished_total{state="failed",class="user_error"}"#))
        try checkInvariants(harness)
    }

    @Test func aTemporaryFailureIsRetriedAndDelivered() throws {
        let harness = try BotHarness(database: "pipeline_temporary")
        harness.kie.enqueue(.internalError)
        let order = try order(harness, count: 1)
        #expect(finished(harness, order)?.contains("1 of 1 delivered") == true)
        #expect(try harness.query("SELECT attempts FROM videos", as: Int.self) == 2)
        try checkInvariants(harness)
    }

    @Test func temporaryFailuresExhaustTheAttemptsAndRefund() throws {
        let harness = try BotHarness(database: "pipeline_exhausted")
        harness.kie.enqueue(.internalError, .internalError, .internalError)
        let order = try order(harness, count: 1)
        #expect(finished(harness, order)?.contains("1 refunded") == true)
        #expect(try harness.query("SELECT attempts FROM videos", as: Int.self) == 3)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [order.user.id], as: Int.self) == 30)
        try checkInvariants(harness)
    }

    /// The attempts are one budget per video, spent by every task KIE may have created: refused submissions and
    /// failed generations alike.
    @Test func aVideoCreatesAtMostItsAttemptsInKIETasks() throws {
        let harness = try BotHarness(database: "pipeline_task_budget")
        let refusedTwiceThenFailed: [KIEOutcome] = [.createError(500, asHTTPStatus: true),
                                                    .createError(500, asHTTPStatus: true), .internalError]
        harness.kie.enqueue(refusedTwiceThenFailed + refusedTwiceThenFailed + refusedTwiceThenFailed)
        let order = try order(harness, count: 1)
        #expect(finished(harness, order)?.contains("0 delivered, 1 refunded") == true)
        #expect(harness.kie.createCalls.count == 3, "\(harness.kie.createCalls.count) createTask calls")
        #expect(try harness.query("SELECT attempts FROM videos", as: Int.self) == 3)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [order.user.id], as: Int.self) == 30)
        try checkInvariants(harness)
    }

    @Test func aRateLimitedKeyGivesWayToAnother() throws {
        let harness = try BotHarness(database: "pipeline_rate_limit")
        harness.kie.enqueue(.createError(429, asHTTPStatus: true))
        let order = try order(harness, count: 1)
        #expect(finished(harness, order)?.contains("1 of 1 delivered") == true)
        #expect(BotHarness.kieKeys.allSatisfy { harness.kie.createCallCount(apiKey: $0) >= 1 })
        #expect(try harness.query("SELECT attempts FROM videos", as: Int.self) == 1, "a rate limit spends no attempt")
        try checkInvariants(harness)
    }

    /// A one-video order whose first task KIE refuses with 402 (out of credit), with the support chat open;
    /// returns the alerts support got once the video was delivered.
    func orderRefusedForBilling(_ harness: BotHarness) throws -> [StoredMessage] {
        harness.kie.enqueue(.createError(402, asHTTPStatus: false))
        let support = User(id: BotHarness.supportChatID, firstName: "Support")
        _ = harness.standIn.sendText(from: support, text: "/start")
        try harness.botMessages(support, count: 1)
        let order = try order(harness, count: 1)
        #expect(finished(harness, order)?.contains("1 of 1 delivered") == true)
        return harness.standIn.chat(user: support).filter { $0.message.text?.contains("out of credit") == true }
    }

    @Test func billingAlertsSupportOnceAndTheVideoWaitsThenRecovers() throws {
        let harness = try BotHarness(database: "pipeline_billing", kieKeys: ["kie-only-key"])
        #expect(try orderRefusedForBilling(harness).count == 1)
        try checkInvariants(harness)
    }

    /// Credit is the account's: a 402 on one key takes the account's other key out of rotation too.
    @Test func billingTakesTheWholeAccountOutOfRotation() throws {
        let accountKeys = BotHarness.kieKeys.map { "shop:\($0)" }.joined(separator: ",")
        let harness = try BotHarness(database: "pipeline_billing_account", extraEnvironment: ["KIE_API_KEYS": accountKeys])
        let alerts = try orderRefusedForBilling(harness)
        #expect(try harness.query("SELECT count(*)::int FROM kie_keys WHERE disabled_reason = 'billing'", as: Int.self) == 2)
        #expect(alerts.count == 1)
        #expect(alerts.first?.message.text?.contains("KIE account shop") == true)
        try checkInvariants(harness)
    }

    @Test func aConfigurationErrorFallsBackToTheNextModel() throws {
        let harness = try BotHarness(database: "pipeline_config")
        harness.kie.enqueue(.createError(505, asHTTPStatus: false))
        let order = try order(harness, count: 1)
        #expect(finished(harness, order)?.contains("1 of 1 delivered") == true)
        #expect(try harness.query("SELECT model FROM videos", as: String.self) == "grok-imagine-video-1-5-preview")
        try checkInvariants(harness)
    }

    @Test func aDroppedCallbackIsCaughtByThePoller() throws {
        let harness = try BotHarness(database: "pipeline_dropped")
        harness.kie.enqueue(.dropCallback)
        let order = try order(harness, count: 1)
        #expect(finished(harness, order)?.contains("1 of 1 delivered") == true)
        #expect(videos(harness, order.user).count == 1)
        try checkInvariants(harness)
    }

    @Test func aDuplicateCallbackDeliversOnce() throws {
        let harness = try BotHarness(database: "pipeline_duplicate")
        harness.kie.enqueue(.duplicateCallback)
        let order = try order(harness, count: 1)
        #expect(finished(harness, order)?.contains("1 of 1 delivered") == true)
        #expect(harness.kie.waitUntil { (harness.kie.task(id: (try? harness.query("SELECT kie_task_id FROM videos", as: String.self)) ?? "")
            .map { harness.kie.callbacks(taskID: $0.id).count } ?? 0) >= 2 })
        #expect(harness.settle())
        #expect(videos(harness, order.user).count == 1)
        try checkInvariants(harness)
    }

    @Test func forgedAndMalformedCallbacksAreRefusedAndChangeNothing() throws {
        let harness = try BotHarness(database: "pipeline_forged", extraEnvironment: ["KIE_WEBHOOK_HMAC_KEY": "kie-hmac-key"])
        harness.kie.enqueue(.slow(.seconds(3)))
        let order = try order(harness, count: 1)
        #expect(harness.standIn.waitUntil { (try? harness.query("SELECT state FROM videos", as: String.self)) == "generating" })
        let videoID = try harness.query("SELECT id FROM videos", as: Int64.self)
        let taskID = try harness.query("SELECT kie_task_id FROM videos", as: String.self)
        let base = harness.webhookURL.replacingOccurrences(of: "/telegram/webhook", with: "/callbacks/kie")
        let success = #"{"code":200,"msg":"success","data":{"taskId":"\#(taskID)","state":"success","resultJson":"{\"resultUrls\":[\"http://127.0.0.1:9/x.mp4\"]}"}}"#
        let http = HTTPClient()
        func post(_ url: String, _ body: String, headers: [(String, String)] = []) throws -> Int {
            try http.send(HTTPClientRequest(method: "POST", url: url, headers: headers, body: .bytes(Array(body.utf8)))).status
        }
        #expect(try post("\(base)/\(videoID)/forged-token", success) == 403)
        #expect(try post("\(base)/not-a-number/token", success) == 403)
        let genuine = MediaLinks(secret: BotHarness.signingSecret, publicBaseURL: harness.publicBaseURL)
            .callbackURL(videoID: videoID)
        #expect(try post(genuine, success) == 403, "the KIE signature headers are required when the HMAC key is set")
        #expect(try post(genuine, "{garbage", headers: []) == 400)
        #expect(try harness.query("SELECT state FROM videos", as: String.self) == "generating")
        #expect(finished(harness, order)?.contains("1 of 1 delivered") == true)
        try checkInvariants(harness)
    }

    @Test func aVideoPastItsDeadlineIsRefunded() throws {
        var tuning = BotHarness.fastTuning
        tuning.pipeline.deadline = .seconds(3)
        let harness = try BotHarness(database: "pipeline_deadline", tuning: tuning)
        harness.kie.enqueue(.all([.slow(.seconds(30)), .dropCallback]))
        let order = try order(harness, count: 1)
        let summary = finished(harness, order)
        #expect(summary?.contains("took too long") == true)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [order.user.id], as: Int.self) == 30)
        try checkInvariants(harness)
    }

    @Test func cancellingAnOrderRefundsWhatHasNotStarted() throws {
        let harness = try BotHarness(database: "pipeline_cancel", freeCredits: 50)
        harness.kie.enqueue(.slow(.seconds(2)))
        let order = try order(harness, count: 5)
        let status = try #require(waitForBot(harness, order.user) { message in
            message.messageID == order.statusMessageID && harness.buttonData(message).contains { $0.hasPrefix("x:") }
        })
        try harness.press(order.user, on: status, try #require(harness.buttonData(status).first { $0.hasPrefix("x:") }))
        let summary = finished(harness, order)
        let refunded = try harness.query("SELECT count(*)::int FROM videos WHERE state = 'cancelled'", as: Int.self)
        let delivered = try harness.query("SELECT count(*)::int FROM videos WHERE state = 'delivered'", as: Int.self)
        #expect(refunded + delivered == 5)
        #expect(summary != nil)
        if refunded > 0 {
            // The summary says the cancelled videos were cancelled, not that the video service failed.
            #expect(summary?.contains("\(delivered) delivered, \(refunded) cancelled.") == true, "\(summary ?? "")")
            #expect(summary?.contains("failed") == false, "\(summary ?? "")")
        }
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [order.user.id], as: Int.self) == 50 - delivered * 10)
        try checkInvariants(harness)
    }

    @Test func moreWithThisProductReopensTheOptionsWithTheSamePhoto() throws {
        let harness = try BotHarness(database: "pipeline_more")
        let order = try order(harness, count: 1)
        #expect(finished(harness, order) != nil)
        let video = try #require(videos(harness, order.user).first)
        try harness.press(order.user, on: video, try #require(harness.buttonData(video).first { $0.hasPrefix("r:") }))
        let card = try #require(waitForBot(harness, order.user) { harness.buttonData($0).contains { $0.hasSuffix(":go") } })
        #expect(card.messageID > video.messageID)
        let state = try harness.query("SELECT state->>'step' FROM conversations", as: String.self)
        #expect(state == "choosing_options")
        try checkInvariants(harness)
    }

    @Test func aPhotoWithAFaceIsExplainedAndNothingIsCharged() throws {
        let harness = try BotHarness(database: "pipeline_face")
        harness.openAI.inject(.verdict(.humanFace))
        let user = harness.newUser()
        _ = harness.standIn.sendPhoto(from: user, jpeg: Self.photo)
        #expect(waitForBot(harness, user) { $0.message.text == Texts.english.photoHasFace } != nil)
        #expect(try harness.query("SELECT state->>'step' FROM conversations", as: String.self) == "awaiting_photo")
        #expect(try harness.query("SELECT count(*)::int FROM orders", as: Int.self) == 0)
        #expect(try harness.query("SELECT balance FROM users WHERE id = $1", [user.id], as: Int.self) == 30)
        try checkInvariants(harness)
    }

    @Test func anLLMOutOfQuotaLeavesTheSellerToDescribeAndTheTemplatesToPrompt() throws {
        let harness = try BotHarness(database: "pipeline_llm_quota", freeCredits: 30)
        harness.openAI.inject(.quotaExhausted, times: 2)
        let support = User(id: BotHarness.supportChatID, firstName: "Support")
        _ = harness.standIn.sendText(from: support, text: "/start")
        try harness.botMessages(support, count: 1)
        let order = try order(harness, count: 3)
        #expect(finished(harness, order)?.contains("3 of 3 delivered") == true)
        #expect(!harness.standIn.chat(user: order.user).contains { $0.message.text?.hasPrefix("I see:") == true },
                "with the LLM out of quota there is no proposal; the seller was asked to describe")
        let prompts = try harness.service.database.query("SELECT prompt FROM videos ORDER BY position")
            .map { try $0.decode("prompt", as: String.self) }
        #expect(prompts == PromptTemplates.prompts(description: nil, count: 3, format: "9:16"))
        #expect(harness.standIn.chat(user: support).filter { $0.message.text?.contains("OpenAI") == true }.count == 1)
        try checkInvariants(harness)
    }

    @Test func menuClearsTheConversation() throws {
        let harness = try BotHarness(database: "pipeline_menu")
        let order = try order(harness, count: 1)
        #expect(finished(harness, order) != nil)
        let video = try #require(videos(harness, order.user).first)
        try harness.press(order.user, on: video, CallbackAction.menu(.home).data)
        #expect(waitForBot(harness, order.user) { $0.message.text == Texts.english.menu } != nil)
        #expect(try harness.query("SELECT state->>'step' FROM conversations", as: String.self) == "idle")
        try checkInvariants(harness)
    }
}

@testable import Bot
import Domain
import Foundation
import HTTPClient
import Postgres
import Sandbox
import Telegram
import Testing
@testable import App

/// Credit packs paid with Telegram Stars through the stand-in: the invoice, the pre-checkout answer, the credit once
/// per charge id, refunds and the referral bonus.
@Suite(.serialized) struct PaymentTests {
    static let hundred = CreditPack(credits: 100, stars: 50)

    func checkInvariants(_ harness: BotHarness) throws {
        #expect(harness.settle())
        #expect(try harness.ledgerMismatches().isEmpty)
        #expect(harness.standIn.violations.isEmpty, "\(harness.standIn.violations)")
        #expect(harness.standIn.unansweredCallbackQueries.isEmpty)
    }

    func balance(_ harness: BotHarness, _ user: User) throws -> Int {
        try harness.query("SELECT balance FROM users WHERE id = $1", [user.id], as: Int.self)
    }

    func botMessage(_ harness: BotHarness, _ user: User, _ condition: @escaping (StoredMessage) -> Bool) -> StoredMessage? {
        var found: StoredMessage?
        _ = harness.standIn.waitUntil(timeout: .seconds(15)) {
            found = harness.standIn.chat(user: user).last { $0.sender == .bot && condition($0) }
            return found != nil
        }
        return found
    }

    /// 💎 Balance / Buy → a pack → the invoice → paid; returns the charge id.
    @discardableResult
    func buy(_ harness: BotHarness, _ user: User, _ pack: CreditPack = hundred) throws -> String {
        _ = harness.standIn.sendText(from: user, text: "/balance")
        let offer = try #require(botMessage(harness, user) {
            harness.buttonData($0).contains(CallbackAction.buyPack(pack).data)
        })
        try harness.press(user, on: offer, CallbackAction.buyPack(pack).data)
        return try pay(harness, user, invoiceFor: pack)
    }

    func pay(_ harness: BotHarness, _ user: User, invoiceFor pack: CreditPack) throws -> String {
        let paidBefore = harness.standIn.starPayments.count
        let invoice = try #require(botMessage(harness, user) {
            $0.invoice?.totalAmount == Int64(pack.stars) && $0.invoice?.currency == "XTR"
        })
        try harness.standIn.payInvoice(user: user, messageID: invoice.messageID)
        #expect(harness.standIn.waitUntil { harness.standIn.starPayments.count == paidBefore + 1 })
        let charge = try #require(harness.standIn.starPayments.last { $0.userID == user.id }).chargeID
        #expect(harness.standIn.waitUntil {
            (try? harness.query("SELECT count(*)::int FROM payments WHERE charge_id = $1", [charge], as: Int.self)) == 1
        })
        return charge
    }

    /// The update Telegram sends after a payment, delivered again as a replay would be.
    func replayPayment(_ harness: BotHarness, _ user: User, charge: String, payload: String, updateID: Int64) throws {
        let update = """
            {"update_id": \(updateID), "message": {"message_id": 9000, "date": 1, "chat": {"id": \(user.id), "type": "private"},
             "from": {"id": \(user.id), "is_bot": false, "first_name": "Anna", "language_code": "en"},
             "successful_payment": {"currency": "XTR", "total_amount": 50, "invoice_payload": "\(payload)",
              "telegram_payment_charge_id": "\(charge)", "provider_payment_charge_id": ""}}}
            """
        #expect(try harness.postUpdate(update).status == 200)
    }

    @Test func aSellerBuysAPackAndIsCreditedOncePerCharge() throws {
        let harness = try BotHarness(database: "payments_buy")
        let user = harness.newUser()
        let charge = try buy(harness, user)
        #expect(botMessage(harness, user) { $0.message.text == Texts.english.purchaseDone(100, 130) } != nil)
        #expect(harness.standIn.preCheckoutQueries.last?.accepted == true)
        #expect(try balance(harness, user) == 130)
        #expect(try harness.query("SELECT reason FROM ledger WHERE reference = $1", ["payment:\(charge)"], as: String.self)
            == "purchase")

        let payload = try #require(harness.standIn.preCheckoutQueries.last?.invoice.payload)
        try replayPayment(harness, user, charge: charge, payload: payload, updateID: 900_001)
        try replayPayment(harness, user, charge: charge, payload: payload, updateID: 900_002)
        #expect(harness.settle())
        #expect(try balance(harness, user) == 130, "a replayed payment is credited once")
        #expect(try harness.query("SELECT count(*)::int FROM payments", as: Int.self) == 1)
        try checkInvariants(harness)
    }

    @Test func preCheckoutIsRefusedForAPackNoLongerOnOfferOrAnInvoiceTheBotDidNotWrite() throws {
        let harness = try BotHarness(database: "payments_refused")
        let user = harness.newUser()
        _ = harness.standIn.sendText(from: user, text: "/start")
        try harness.botMessages(user, count: 1)
        let bot = TelegramClient(token: TelegramStandInConfiguration().botToken, apiBase: harness.standIn.baseURL,
                                 http: HTTPClient())
        let stale = CreditPack(credits: 70, stars: 7)
        let payloads = [
            (InvoicePayload(userID: user.id, pack: stale).signed(with: BotHarness.signingSecret), stale.stars,
             Texts.english.packChanged),
            ("v1:\(user.id):100:50:forged-signature-0000", 50, Texts.english.invoiceInvalid),
            (InvoicePayload(userID: user.id + 1, pack: Self.hundred).signed(with: BotHarness.signingSecret), 50,
             Texts.english.invoiceInvalid),
            (InvoicePayload(userID: user.id, pack: Self.hundred).signed(with: BotHarness.signingSecret), 5,
             Texts.english.invoiceInvalid),
        ]
        for (payload, stars, refusal) in payloads {
            let invoice = try bot.call(SendInvoice(chatID: user.id, title: "credits", description: "credits",
                                                   payload: payload, stars: stars))
            let query = try harness.standIn.payInvoice(user: user, messageID: invoice.messageID)
            #expect(harness.standIn.waitUntil {
                harness.standIn.preCheckoutQueries.first { $0.id == query }?.accepted != nil
            })
            let answer = try #require(harness.standIn.preCheckoutQueries.first { $0.id == query })
            #expect(answer.accepted == false && answer.errorMessage == refusal, "\(payload): \(answer)")
        }
        #expect(harness.standIn.starPayments.isEmpty)
        #expect(try balance(harness, user) == 30)
        try checkInvariants(harness)
    }

    @Test func notEnoughCreditsThenBuyThenTheSameDraftIsConfirmed() throws {
        let harness = try BotHarness(database: "payments_draft", freeCredits: 10)
        let user = harness.newUser()
        // Three videos at 10 with 10 credits: Confirm is refused.
        try BotDialogueTests().orderThreeVideos(harness, user, description: "red kettle")
        let shortfall = try #require(botMessage(harness, user) { $0.message.text == Texts.english.notEnoughCredits(30, 10) })
        #expect(harness.buttonData(shortfall).contains(CallbackAction.buyPack(Self.hundred).data))
        try harness.press(user, on: shortfall, CallbackAction.buyPack(Self.hundred).data)
        _ = try pay(harness, user, invoiceFor: Self.hundred)

        let newCard = try #require(botMessage(harness, user) {
            $0.messageID > shortfall.messageID && harness.buttonData($0).contains { $0.hasSuffix(":go") }
        })
        #expect(newCard.message.text?.contains("red kettle") == true)
        #expect(newCard.message.text?.contains(Texts.english.costLine(30, 110, 11)) == true)
        try harness.press(user, on: newCard, try #require(harness.buttonData(newCard).first { $0.hasSuffix(":go") }))
        #expect(harness.standIn.waitUntil {
            (try? harness.query("SELECT count(*)::int FROM orders WHERE user_id = $1 AND description = 'red kettle'",
                                [user.id], as: Int.self)) == 1
        })
        #expect(try balance(harness, user) == 80)
        try checkInvariants(harness)
    }

    @Test func anUnspentPurchaseIsRefundedAndASpentOneIsRefused() throws {
        let harness = try BotHarness(database: "payments_refund")
        let user = harness.newUser()
        let operatorChat = harness.newUser()
        _ = harness.standIn.sendText(from: operatorChat, text: "/start")
        try harness.botMessages(operatorChat, count: 1)
        let charge = try buy(harness, user)
        func request(_ charge: String) throws -> PurchaseRefunds.Request {
            try harness.service.database.transaction {
                try PurchaseRefunds.request(chargeID: charge, operatorChatID: operatorChat.id, on: $0)
            }
        }
        #expect(try request(charge) == .queued)
        #expect(harness.standIn.waitUntil(timeout: .seconds(15)) {
            (try? harness.query("SELECT refund_state FROM payments WHERE charge_id = $1", [charge], as: String.self))
                == "refunded"
        })
        #expect(harness.standIn.starPayments.first { $0.chargeID == charge }?.refunded == true)
        #expect(try balance(harness, user) == 30)
        #expect(botMessage(harness, user) { $0.message.text == Texts.english.purchaseRefunded(100, 30) } != nil)
        #expect(botMessage(harness, operatorChat) { $0.message.text == Texts.english.refundDone(charge, 100) } != nil)
        #expect(try request(charge) == .alreadyRefunded)
        #expect(try request("no-such-charge") == .unknownCharge)

        let spentCharge = try buy(harness, user)
        try harness.service.database.transaction { db in
            _ = try Ledger.post(userID: user.id, delta: -120, reason: .orderDebit, reference: "test:spend", on: db)
        }
        #expect(try request(spentCharge) == .spent(90, of: 100))
        #expect(try balance(harness, user) == 10)
        try checkInvariants(harness)
    }

    /// Telegram refunds the Stars but its answer never arrives: the credits stay withheld (the Stars may be back) and
    /// the operator is told; asking again meets CHARGE_ALREADY_REFUNDED, which finishes the refund.
    @Test func aRefundTelegramNeverConfirmedKeepsTheCreditsWithheldUntilAskedAgain() throws {
        let telegram = try UnconfirmedCalls(method: "refundStarPayment")
        let harness = try BotHarness(database: "payments_refund_uncertain",
                                     extraEnvironment: ["TELEGRAM_API_BASE": telegram.baseURL])
        telegram.forward(to: harness.standIn.baseURL)
        let user = harness.newUser()
        let operatorChat = harness.newUser()
        _ = harness.standIn.sendText(from: operatorChat, text: "/start")
        try harness.botMessages(operatorChat, count: 1)
        let charge = try buy(harness, user)
        func request() throws -> PurchaseRefunds.Request {
            try harness.service.database.transaction {
                try PurchaseRefunds.request(chargeID: charge, operatorChatID: operatorChat.id, on: $0)
            }
        }

        #expect(try request() == .queued)
        #expect(harness.standIn.waitUntil(timeout: .seconds(60)) {
            self.botMessage(harness, operatorChat) { $0.message.text == Texts.english.refundUncertain(charge) } != nil
        })
        #expect(harness.standIn.starPayments.first { $0.chargeID == charge }?.refunded == true)
        #expect(try harness.query("SELECT refund_state FROM payments WHERE charge_id = $1", [charge], as: String.self)
                == "refunding")
        #expect(try balance(harness, user) == 30, "the credits stay taken back")

        telegram.confirm()
        #expect(try request() == .queued, "an uncertain refund can be asked again, without the balance check")
        #expect(harness.standIn.waitUntil(timeout: .seconds(30)) {
            (try? harness.query("SELECT refund_state FROM payments WHERE charge_id = $1", [charge], as: String.self))
                == "refunded"
        })
        #expect(try balance(harness, user) == 30)
        #expect(botMessage(harness, operatorChat) { $0.message.text == Texts.english.refundDone(charge, 100) } != nil)
        try checkInvariants(harness)
    }

    @Test func theInviterIsPaidOnceWhenTheInvitedSellerFirstBuys() throws {
        let harness = try BotHarness(database: "payments_referral")
        let inviter = harness.newUser()
        _ = harness.standIn.sendText(from: inviter, text: "/start")
        try harness.botMessages(inviter, count: 1)
        let invited = harness.newUser()
        _ = harness.standIn.sendText(from: invited, text: "/start \(Referral.payload(inviter: inviter.id))")
        try harness.botMessages(invited, count: 1)
        try buy(harness, invited)
        try buy(harness, invited)
        #expect(harness.settle())
        #expect(try balance(harness, inviter) == 80)
        #expect(try harness.query("SELECT count(*)::int FROM ledger WHERE reason = 'referral_bonus'", as: Int.self) == 1)
        #expect(botMessage(harness, inviter) { $0.message.text == Texts.english.referralPaid(50, 80) } != nil)
        // A seller cannot invite themselves.
        let selfInvited = harness.newUser()
        _ = harness.standIn.sendText(from: selfInvited, text: "/start \(Referral.payload(inviter: selfInvited.id + 1))")
        try harness.botMessages(selfInvited, count: 1)
        try checkInvariants(harness)
    }

    @Test func aPaymentQuestionReachesTheSupportChatWhichAnswersWithReply() throws {
        let harness = try BotHarness(database: "payments_support",
                                     extraEnvironment: ["ADMIN_IDS": "\(BotHarness.supportChatID)"])
        let support = User(id: BotHarness.supportChatID, firstName: "Support")
        _ = harness.standIn.sendText(from: support, text: "/start")
        let user = harness.newUser()
        _ = harness.standIn.sendText(from: user, text: "/paysupport")
        #expect(botMessage(harness, user) { $0.message.text == Texts.english.paySupport } != nil)
        _ = harness.standIn.sendText(from: user, text: "/paysupport I paid 50 stars and got nothing")
        #expect(botMessage(harness, user) { $0.message.text == Texts.english.supportQuestionSent } != nil)
        let forwarded = Texts.russian.supportQuestion("Anna", user.id, "I paid 50 stars and got nothing")
        #expect(botMessage(harness, support) { $0.message.text == forwarded } != nil)
        _ = harness.standIn.sendText(from: support, text: "/reply \(user.id) Your  credits are on the way")
        #expect(botMessage(harness, user) {
            $0.message.text == Texts.english.supportAnswer("Your  credits are on the way")
        } != nil)
        #expect(botMessage(harness, support) { $0.message.text == Texts.russian.operators.replySent(user.id) } != nil)
        _ = harness.standIn.sendText(from: support, text: "/reply \(user.id)")
        #expect(botMessage(harness, support) { $0.message.text == Texts.russian.operators.usage(.reply) } != nil)
        try checkInvariants(harness)
    }
}

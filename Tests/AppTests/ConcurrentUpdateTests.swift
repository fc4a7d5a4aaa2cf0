import Bot
import Domain
import Foundation
import Sandbox
import Telegram
import Testing
@testable import App

/// Telegram delivers a seller's button presses in parallel (callback queries queue per user, messages per chat), so
/// two updates of one seller meet in the webhook at once. Whatever order the row lock lets them through in, the
/// conversation must end as if they had come one after the other.
@Suite(.serialized) struct ConcurrentUpdateTests {
    /// Enough rounds that, without the lock taken before the conversation is read, some round loses an update.
    static let rounds = 40
    /// Past the ids the Telegram stand-in gives the updates it sends.
    static let firstUpdateID: Int64 = 1_000_000

    /// Count and format on the same options card, pressed at once: neither bumps the card's version, so both apply
    /// whatever order they come in, and the card ends with both.
    @Test func twoPressesOnOneCardBothTakeEffect() throws {
        let (harness, seller, cardID) = try sellerOnAnOptionsCard(database: "concurrent_presses")
        let card = try load(harness, seller)
        var lost: [String] = []
        for round in 0..<Self.rounds {
            try save(card, harness, seller)
            let updateID = Self.firstUpdateID + Int64(round * 2)
            pressAtOnce(harness, seller, cardID, [
                (updateID, CallbackAction.chooseCount(5, version: card.version).data),
                (updateID + 1, CallbackAction.chooseFormat(.landscape, version: card.version).data),
            ])
            let after = try load(harness, seller)
            if after.videoCount != 5 || after.format != .landscape { lost.append("\(after.videoCount) \(after.format.rawValue)") }
        }
        #expect(lost.isEmpty, "\(lost.count) of \(Self.rounds) rounds lost a press, ending as \(lost)")
    }

    /// ▶️ Confirm twice at once, on a new draft each round: one order and one debit per draft, and the draft is gone.
    @Test func twoConfirmsAtOncePlaceOneOrderPerDraft() throws {
        let rounds = 5
        let (harness, seller, cardID) = try sellerOnAnOptionsCard(database: "concurrent_confirms", orders: rounds)
        var card = try load(harness, seller)
        for round in 0..<rounds {
            card.step = .choosingOptions
            card.version += 1
            try save(card, harness, seller)
            let updateID = Self.firstUpdateID + Int64(round * 2)
            pressAtOnce(harness, seller, cardID, [(updateID, CallbackAction.confirm(version: card.version).data),
                                                  (updateID + 1, CallbackAction.confirm(version: card.version).data)])
            let after = try load(harness, seller)
            #expect(after.step == .idle && after.version == card.version + 1)
        }
        #expect(try harness.query("SELECT count(DISTINCT draft_key)::int FROM orders", as: Int.self) == rounds)
        #expect(try harness.query("SELECT count(*)::int FROM orders", as: Int.self) == rounds)
        #expect(try harness.query("SELECT count(*)::int FROM ledger WHERE reason = 'order_debit'", as: Int.self) == rounds)
        #expect(try harness.ledgerMismatches().isEmpty)
    }

    /// A seller who has started the bot, with a draft on the options card, who can afford `orders` orders of one
    /// video and have them all under way. The card is the bot's welcome message, so the edits the presses cause land
    /// on a real message.
    func sellerOnAnOptionsCard(database: String, orders: Int = 1) throws -> (BotHarness, User, Int64) {
        var tuning = BotHarness.fastTuning
        tuning.updateRate = UpdateRateLimit(updates: 10 * Self.rounds, windowSeconds: 60)
        tuning.maxActiveOrders = orders
        let harness = try BotHarness(database: database, freeCredits: 10 * orders, tuning: tuning)
        let seller = harness.newUser()
        _ = harness.standIn.sendText(from: seller, text: "/start")
        let welcome = try harness.botMessages(seller, count: 1)[0]
        try save(Conversation(step: .choosingOptions, photo: ProductPhoto(fileID: "photo", fileUniqueID: "photo-u"),
                              description: "white mug", version: 7), harness, seller)
        return (harness, seller, welcome.messageID)
    }

    /// Posts one callback query per press, all at the same moment, and waits for every answer.
    func pressAtOnce(_ harness: BotHarness, _ seller: User, _ messageID: Int64, _ presses: [(updateID: Int64, data: String)]) {
        let bodies = presses.map { press in
            """
            {"update_id":\(press.updateID),"callback_query":{"id":"q\(press.updateID)","data":"\(press.data)",
             "from":{"id":\(seller.id),"is_bot":false,"first_name":"\(seller.firstName)","language_code":"en"},
             "message":{"message_id":\(messageID),"date":\(Int(Date().timeIntervalSince1970)),
                        "chat":{"id":\(seller.id),"type":"private"}}}}
            """
        }
        #expect(harness.postUpdatesAtOnce(bodies) == Array(repeating: 200, count: bodies.count))
    }

    func load(_ harness: BotHarness, _ seller: User) throws -> Conversation {
        try harness.service.database.withConnection { try Conversations.load(chatID: seller.id, on: $0) }
    }

    func save(_ conversation: Conversation, _ harness: BotHarness, _ seller: User) throws {
        try harness.service.database.withConnection {
            try Conversations.save(conversation, chatID: seller.id, userID: seller.id, on: $0)
        }
    }
}

import Foundation
import Sandbox
import Telegram

/// One simulated seller going through the dialogue in the Telegram stand-in as a person would:
/// /start → product photo → skip the description → choose the number of videos → confirm.
/// It looks at its chat a few times a second (a person is slower still), so 200 of them stay cheap.
struct Seller: Sendable {
    struct Stuck: Error, CustomStringConvertible {
        let step: String
        var description: String { "no answer at step \(step)" }
    }

    let user: User
    let standIn: TelegramStandIn
    let videos: Int
    let videoPrice: Int
    /// How long a seller waits for the bot at each step before giving up.
    let patience: Duration

    /// Places the order; returns the id of the order card, which becomes the order's status message.
    func placeOrder(photo: [UInt8]) throws -> Int64 {
        let card = try openCard(photo: photo)
        try confirm(card)
        return card.messageID
    }

    /// The dialogue up to the options card showing the cost of `videos` videos, not confirmed yet.
    func openCard(photo: [UInt8]) throws -> StoredMessage {
        standIn.sendText(from: user, text: "/start")
        _ = try waitForBot(step: "start") { _ in true }
        standIn.sendPhoto(from: user, jpeg: photo)
        let proposal = try waitForBot(step: "analysis") { buttons($0).contains { $0.hasSuffix(":skip") } }
        try press(proposal, suffix: ":skip")
        var card = try waitForMessage(proposal.messageID, step: "card") { $0.text?.contains("💎") == true }
        if videos != 1 {
            try press(card, suffix: ":n\(videos)")
            card = try waitForMessage(card.messageID, step: "count") {
                $0.text?.contains(" \(videos * videoPrice) 💎") == true
            }
        }
        return card
    }

    /// ▶️ Confirm on the options card: the order is placed.
    func confirm(_ card: StoredMessage) throws {
        try press(card, suffix: ":go")
    }

    private func buttons(_ message: StoredMessage) -> [String] {
        message.callbackData
    }

    private func press(_ message: StoredMessage, suffix: String) throws {
        guard let data = buttons(message).first(where: { $0.hasSuffix(suffix) }) else {
            throw Stuck(step: "button \(suffix) missing")
        }
        _ = try standIn.pressButton(user: user, messageID: message.messageID, data: data)
    }

    private func waitForBot(step: String, _ condition: (StoredMessage) -> Bool) throws -> StoredMessage {
        try poll(step: step) { standIn.chat(user: user).last { $0.sender == .bot && condition($0) } }
    }

    private func waitForMessage(_ messageID: Int64, step: String, _ condition: (StoredMessage) -> Bool) throws -> StoredMessage {
        try poll(step: step) { standIn.chat(user: user).first { $0.messageID == messageID && condition($0) } }
    }

    private func poll<T>(step: String, _ look: () -> T?) throws -> T {
        let deadline = ContinuousClock.now + patience
        while true {
            if let found = look() { return found }
            guard ContinuousClock.now < deadline else { throw Stuck(step: step) }
            Thread.sleep(forTimeInterval: 0.25)
        }
    }
}

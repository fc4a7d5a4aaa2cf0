import Domain
import Testing
@testable import App

/// The commands beside the menu, through the Telegram and OpenAI stand-ins and the real webhook.
@Suite(.serialized) struct BotCommandTests {
    let pipeline = PipelineTests()

    /// Typed in the middle of a draft, an unknown command gets the menu and the draft waits for its description.
    @Test func commandsAnswerAndAnUnknownOneNeverBecomesTheDescription() throws {
        let harness = try BotHarness(database: "commands_unknown")
        let user = harness.newUser(language: "ru")
        for command in ["/start", "/buy", "/paysupport", "/terms"] {
            _ = harness.standIn.sendText(from: user, text: command)
        }
        let replies = try harness.botMessages(user, count: 4).map(\.message.text)
        #expect(replies[1]?.hasPrefix(Texts.russian.balance(30, 10)) == true)
        #expect(Array(replies[2...]) == [Texts.russian.paySupport, Texts.russian.terms])

        _ = harness.standIn.sendPhoto(from: user, jpeg: PipelineTests.photo)
        let proposal = try #require(pipeline.waitForBot(harness, user) { harness.buttonData($0).contains { $0.hasSuffix(":skip") } })
        _ = harness.standIn.sendText(from: user, text: "/frobnicate белая кружка")
        let unknown = try #require(pipeline.waitForBot(harness, user) { $0.messageID > proposal.messageID })
        #expect(unknown.message.text == Texts.russian.unknownCommand)
        #expect(harness.buttonData(unknown).contains(CallbackAction.menu(.videos).data))
        #expect(try harness.query("SELECT state->>'step' FROM conversations", as: String.self) == "awaiting_description")
        #expect(try harness.query("SELECT state->>'description' IS NULL FROM conversations", as: Bool.self))

        _ = harness.standIn.sendText(from: user, text: "белая кружка")
        let card = try #require(pipeline.waitForBot(harness, user) { $0.messageID > unknown.messageID })
        #expect(card.message.text?.hasPrefix(Texts.russian.optionsTitle("белая кружка")) == true)
        try pipeline.checkInvariants(harness)
    }
}

@testable import Bot
import Domain
import Telegram
import Testing

/// What a seller's text becomes for the dialogue: a command with its payload, an unknown command, or plain text.
@Suite struct UpdateInterpreterTests {
    static let seller = User(id: 42, firstName: "Anna", languageCode: "ru")

    func input(_ text: String) -> BotInput? {
        let message = Message(messageID: 1, date: 1_760_000_000, chat: Chat(id: 42, type: "private"), from: Self.seller,
                              text: text)
        guard case .input(let input, _, _, _, _) = UpdateInterpreter.read(Update(updateID: 1, message: message), adminIDs: []) else {
            return nil
        }
        return input
    }

    @Test(arguments: [
        ("/start", BotInput.command(.start, payload: nil)),
        ("/start ref42", .command(.start, payload: "ref42")),
        ("/help@NeuroCardsBot", .command(.help, payload: nil)),
        ("/VIDEOS", .command(.videos, payload: nil)),
        ("/buy", .command(.buy, payload: nil)),
        ("/paysupport", .command(.paysupport, payload: nil)),
        ("/terms@NeuroCardsBot", .command(.terms, payload: nil)),
        ("/videos\nplease", .command(.videos, payload: "please")),
    ])
    func knownCommandsKeepTheirPayload(text: String, expected: BotInput) {
        #expect(input(text) == expected)
    }

    /// Typed during a draft, these would otherwise have become the product's description.
    @Test(arguments: ["/frobnicate", "/stats", "/refund now please", "/Start_over@NeuroCardsBot", "/100% cotton"])
    func anyOtherSlashWordIsAnUnknownCommand(text: String) {
        #expect(input(text) == .unknownCommand)
    }

    @Test(arguments: ["white mug, 350 ml", "1/2 litre jug", "/", "/ slash first", "/@NeuroCardsBot"])
    func textWithoutACommandWordIsText(text: String) {
        #expect(input(text) == .text(text))
    }
}

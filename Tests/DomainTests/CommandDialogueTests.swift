import Testing
@testable import Domain

/// The commands beside the menu, through the dialogue.
@Suite struct CommandDialogueTests {
    let dialogue = Dialogue(settings: DialogueSettings(videoPrice: 10, signupBonus: 10))
    let seller = UserContext(name: "Anna", balance: 30, language: .en)
    let photo = ProductPhoto(fileID: "file-1", fileUniqueID: "unique-1")

    /// A conversation at `step`; past the menu, with a draft under way (photo, description, the LLM's proposal).
    func conversation(at step: Conversation.Step) -> Conversation {
        guard step != .idle else { return Conversation(version: 4) }
        return Conversation(step: step, photo: photo, description: "white mug", proposal: "mug", videoCount: 3,
                            version: 4)
    }

    @Test(arguments: Conversation.Step.allCases)
    func anUnknownCommandAnswersWithTheMenuAndLeavesTheDraftAlone(step: Conversation.Step) {
        let before = conversation(at: step)
        let outcome = dialogue.handle(.unknownCommand, in: before, for: seller)
        #expect(outcome.effects == [.send(OutgoingMessage(Texts.english.unknownCommand,
                                                          buttons: Keyboards.mainMenu(.english)))])
        #expect(outcome.conversation == before)
    }

    @Test func theOptionsCardStillOrdersWithItsDescriptionAfterAnUnknownCommand() {
        let card = conversation(at: .choosingOptions)
        let afterTypo = dialogue.handle(.unknownCommand, in: card, for: seller).conversation
        let outcome = dialogue.handle(.button(.confirm(version: card.version)), in: afterTypo, for: seller)
        #expect(outcome.effects.contains(.placeOrder(OrderDraft(photo: photo, description: "white mug", count: 3,
                                                                format: .portrait, unitPrice: 10))))
    }

    @Test func buyShowsWhatTheBalanceMenuItemShows() {
        let command = dialogue.handle(.command(.buy, payload: nil), in: .initial, for: seller)
        let menuItem = dialogue.handle(.button(.menu(.balance)), in: .initial, for: seller)
        #expect(command.effects == menuItem.effects.filter { !$0.isAnswer })
        guard case .send(let screen) = command.effects.first else {
            Issue.record("nothing shown")
            return
        }
        #expect(screen.text.hasPrefix(Texts.english.balance(30, 10)))
        #expect(screen.buttons.flatMap { $0 }.map(\.action) == CreditPack.defaults.map { .buyPack($0) })
    }

    @Test func videosAndTheMenuItemOpenTheFirstPageAsANewMessage() {
        let command = dialogue.handle(.command(.videos, payload: nil), in: .initial, for: seller)
        #expect(command.effects == [.showOrderHistory(page: 0, replacing: nil)])
        let menuItem = dialogue.handle(.button(.menu(.videos)), in: .initial, for: seller, pressedMessageID: 77)
        #expect(menuItem.effects == [.showOrderHistory(page: 0, replacing: nil), .answer(text: nil, alert: false)])
    }

    @Test(arguments: Language.allCases)
    func paySupportAndTermsAnswerInTheSellersLanguage(language: Language) {
        let seller = UserContext(name: "Anna", balance: 30, language: language)
        #expect(dialogue.handle(.command(.paysupport, payload: nil), in: .initial, for: seller).effects
            == [.send(OutgoingMessage(language.texts.paySupport))])
        #expect(dialogue.handle(.command(.terms, payload: nil), in: .initial, for: seller).effects
            == [.send(OutgoingMessage(language.texts.terms))])
    }

    /// What setMyCommands registers: only commands the bot answers, the new ones among them.
    @Test(arguments: Language.allCases)
    func theCommandListNamesCommandsTheBotKnows(language: Language) {
        let names = language.texts.commands.map(\.command)
        #expect(names.allSatisfy { BotInput.Command(rawValue: $0) != nil })
        #expect(Set(["buy", "videos", "paysupport", "terms"]).isSubset(of: names))
        #expect(Set(names).count == names.count)
    }
}

@Suite struct PhotoCapTests {
    let dialogue = Dialogue(settings: DialogueSettings(videoPrice: 10, signupBonus: 10))
    let photo = ProductPhoto(fileID: "f", fileUniqueID: "u")

    @Test func aSellerPastEitherCapIsAskedToWaitAndKeepsTheirDraft() {
        let draft = Conversation(step: .choosingOptions, photo: photo, description: "mug", version: 4)
        for (minute, day) in [(6, 6), (0, 100)] {
            var seller = UserContext(name: "Anna", balance: 30, language: .en)
            (seller.analysesLastMinute, seller.analysesToday) = (minute, day)
            let outcome = dialogue.handle(.photo(photo), in: draft, for: seller)
            #expect(outcome.conversation == draft)
            #expect(outcome.effects == [.send(OutgoingMessage(Texts.english.tooManyPhotos(6, 100)))])
        }
        var seller = UserContext(name: "Anna", balance: 30, language: .en)
        (seller.analysesLastMinute, seller.analysesToday) = (5, 99)
        #expect(dialogue.handle(.photo(photo), in: draft, for: seller).effects.contains(.analyzePhoto(photo, version: 5)))
    }
}

@Suite struct BacklogCapTests {
    let dialogue = Dialogue(settings: DialogueSettings(videoPrice: 10, signupBonus: 10))

    @Test func aResendThatWouldPassTheChatsBacklogCapIsRefused() {
        let videos = (1...3).map { DeliveredVideo(orderID: 7, position: $0, count: 3, fileID: "f\($0)") }
        var seller = UserContext(name: "Anna", balance: 30, language: .en)
        seller.pendingMessages = 28
        let refused = dialogue.handle(.orderVideos(videos), in: .initial, for: seller)
        #expect(refused.effects == [.answer(text: Texts.english.tooManyPending, alert: true)])
        seller.pendingMessages = 27
        let sent = dialogue.handle(.orderVideos(videos), in: .initial, for: seller)
        #expect(sent.effects.filter { if case .resendVideo = $0 { true } else { false } }.count == 3)
    }
}

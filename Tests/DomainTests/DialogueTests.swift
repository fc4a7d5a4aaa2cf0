import Testing
@testable import Domain

@Suite struct DialogueTests {
    let dialogue = Dialogue(settings: DialogueSettings(videoPrice: 10, signupBonus: 10, maxActiveOrders: 2))
    let photo = ProductPhoto(fileID: "file-1", fileUniqueID: "unique-1", width: 1280, height: 960)
    let seller = UserContext(name: "Anna", balance: 30, language: .en)

    /// Runs inputs in order from a fresh conversation, returning the last outcome.
    func run(_ inputs: [BotInput], user: UserContext? = nil) -> Dialogue.Outcome {
        var conversation = Conversation.initial
        var outcome = Dialogue.Outcome(conversation: conversation, effects: [])
        for input in inputs {
            outcome = dialogue.handle(input, in: conversation, for: user ?? seller, pressedMessageID: 77)
            conversation = outcome.conversation
        }
        return outcome
    }

    func sentTexts(_ outcome: Dialogue.Outcome) -> [String] {
        outcome.effects.compactMap {
            switch $0 {
            case .send(let message), .edit(_, let message): message.text
            default: nil
            }
        }
    }

    @Test func startWelcomesANewUserWithTheBonusAndTheMenu() {
        let outcome = run([.command(.start, payload: "ref42")], user: UserContext(name: "Anna", balance: 10, language: .ru, isNew: true))
        guard case .send(let message) = outcome.effects.first else { Issue.record("no message"); return }
        #expect(message.text.contains("Дарю 10 💎"))
        #expect(message.buttons.flatMap { $0 }.map(\.action).contains(.menu(.create)))
    }

    @Test func theHappyPathEndsInAnOrderDraft() {
        let outcome = run([
            .button(.menu(.create)), .photo(photo), .text("  white mug  "),
            .button(.chooseCount(3, version: 3)), .button(.chooseFormat(.landscape, version: 3)), .button(.confirm(version: 3)),
        ])
        #expect(outcome.effects.contains(.placeOrder(OrderDraft(photo: photo, description: "white mug", count: 3,
                                                                format: .landscape, unitPrice: 10))))
        #expect(outcome.conversation.step == .idle)
    }

    @Test func theOptionsCardMarksTheChoiceAndShowsTheCostLine() {
        let outcome = run([.photo(photo), .text("mug"), .button(.chooseCount(5, version: 2))])
        guard case .edit(77, let card) = outcome.effects.first else { Issue.record("card not edited in place"); return }
        #expect(card.text.contains("Cost 50 💎 · balance 30 · enough for 3"))
        #expect(card.buttons[0].map(\.title) == ["1", "3", "✅ 5"])
        #expect(card.buttons[1].map(\.title) == ["✅ 9:16", "16:9"])
    }

    @Test func aButtonFromAnOlderCardHasExpired() {
        let outcome = run([.photo(photo), .text("mug"), .photo(photo), .button(.confirm(version: 2))])
        #expect(outcome.effects == [.answer(text: Texts.english.buttonExpired, alert: false)])
    }

    @Test func aSecondConfirmOfTheSameCardPlacesNothing() {
        var conversation = Conversation.initial
        for input: BotInput in [.photo(photo), .text("mug")] {
            conversation = dialogue.handle(input, in: conversation, for: seller).conversation
        }
        let first = dialogue.handle(.button(.confirm(version: conversation.version)), in: conversation, for: seller)
        let second = dialogue.handle(.button(.confirm(version: conversation.version)), in: first.conversation, for: seller)
        #expect(first.effects.contains { if case .placeOrder = $0 { true } else { false } })
        #expect(!second.effects.contains { if case .placeOrder = $0 { true } else { false } })
    }

    @Test func notEnoughCreditsChargesNothingAndSaysSo() {
        let poor = UserContext(name: "Anna", balance: 20, language: .en)
        let outcome = run([.photo(photo), .button(.skipDescription(version: 1)), .button(.chooseCount(3, version: 2)),
                           .button(.confirm(version: 2))], user: poor)
        #expect(!outcome.effects.contains { if case .placeOrder = $0 { true } else { false } })
        #expect(sentTexts(outcome).contains { $0.contains("Not enough credits") })
        #expect(outcome.conversation.step == .choosingOptions)
    }

    @Test func theActiveOrderCapHolds() {
        let busy = UserContext(name: "Anna", balance: 100, language: .en, activeOrders: 2)
        let outcome = run([.photo(photo), .text("mug"), .button(.confirm(version: 2))], user: busy)
        #expect(!outcome.effects.contains { if case .placeOrder = $0 { true } else { false } })
        #expect(outcome.effects.contains(.answer(text: Texts.english.tooManyActiveOrders(2), alert: true)))
    }

    @Test(arguments: [
        BotInput.button(.menu(.help)), .button(.menu(.create)), .button(.confirm(version: 99)),
        .button(.chooseCount(3, version: 0)), .button(.setLanguage(.ru)), .button(.skipDescription(version: 5)),
    ])
    func everyButtonGetsExactlyOneAnswer(input: BotInput) {
        let answers = run([input]).effects.filter { if case .answer = $0 { true } else { false } }
        #expect(answers.count == 1)
    }

    @Test func wrongInputsGetHelpfulAnswers() {
        #expect(sentTexts(run([.button(.menu(.create)), .text("hello")])) == [Texts.english.unsupportedMessage])
        #expect(sentTexts(run([.imageFile(nil, problem: .notAnImage)])) == [Texts.english.unsupportedFile])
        #expect(sentTexts(run([.imageFile(nil, problem: .tooLarge)])) == [Texts.english.fileTooLarge])
        #expect(sentTexts(run([.photo(photo), .text(String(repeating: "x", count: 301))]))
            == [Texts.english.descriptionTooLong(300)])
    }

    @Test func cancelLeavesTheDraftAndExpiresItsCard() {
        let outcome = run([.photo(photo), .text("mug"), .command(.cancel, payload: nil), .button(.confirm(version: 2))])
        #expect(outcome.effects == [.answer(text: Texts.english.buttonExpired, alert: false)])
    }

    @Test func languageSwitchAnswersInTheNewLanguage() {
        let outcome = run([.button(.setLanguage(.ru))])
        #expect(outcome.effects.first == .changeLanguage(.ru))
        #expect(sentTexts(outcome).first?.hasPrefix(Texts.russian.languageChanged) == true)
    }
}

@Suite struct CallbackActionTests {
    static let actions: [CallbackAction] = [
        .menu(.home), .menu(.create), .menu(.videos), .menu(.balance), .menu(.help), .skipDescription(version: 12),
        .chooseCount(5, version: Int.max), .chooseFormat(.landscape, version: 0), .confirm(version: 7),
        .cancelDraft(version: 7), .setLanguage(.en),
    ]

    @Test(arguments: actions)
    func roundTripsWithinTelegramsSixtyFourBytes(action: CallbackAction) {
        #expect(CallbackAction(data: action.data) == action)
        #expect((1...64).contains(action.data.utf8.count))
    }

    @Test(arguments: ["", "m", "m:nope", "o:1:n4", "o:x:go", "o:1:fq", "d:1:later", "l:de", "o:1:go:extra", "🙂"])
    func forgedDataIsRejected(data: String) {
        #expect(CallbackAction(data: data) == nil)
    }
}

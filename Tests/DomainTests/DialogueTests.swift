import Testing
@testable import Domain

@Suite struct DialogueTests {
    let dialogue = Dialogue(settings: DialogueSettings(videoPrice: 10, signupBonus: 10, maxActiveOrders: 2))
    let photo = ProductPhoto(fileID: "file-1", fileUniqueID: "unique-1", width: 1280, height: 960)
    let seller = UserContext(name: "Anna", balance: 30, language: .en)

    /// Runs inputs in order from a fresh conversation, returning the last outcome. Unless `analyse` is false, every
    /// photo is followed by the LLM's verdict that it shows a usable "mug".
    func run(_ inputs: [BotInput], user: UserContext? = nil, analyse: Bool = true) -> Dialogue.Outcome {
        var conversation = Conversation.initial
        var outcome = Dialogue.Outcome(conversation: conversation, effects: [])
        for input in inputs {
            outcome = dialogue.handle(input, in: conversation, for: user ?? seller, pressedMessageID: 77)
            conversation = outcome.conversation
            if case .photo = input, analyse {
                outcome = dialogue.handle(.photoAnalysis(.usable(description: "mug"), version: conversation.version),
                                          in: conversation, for: user ?? seller)
                conversation = outcome.conversation
            }
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
        let conversation = run([.photo(photo), .text("mug")]).conversation
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

    @Test func aPhotoIsAnalysedBeforeAnythingElse() {
        let outcome = run([.photo(photo)], analyse: false)
        #expect(outcome.conversation.step == .analyzingPhoto)
        #expect(outcome.effects.contains(.analyzePhoto(photo, version: outcome.conversation.version)))
    }

    @Test(arguments: [PhotoVerdict.humanFace, .noProduct])
    func anUnusablePhotoIsExplainedAndNothingGoesFurther(verdict: PhotoVerdict) {
        var conversation = run([.photo(photo)], analyse: false).conversation
        let outcome = dialogue.handle(.photoAnalysis(verdict, version: conversation.version), in: conversation, for: seller)
        conversation = outcome.conversation
        #expect(conversation.step == .awaitingPhoto)
        #expect(conversation.photo == nil)
        #expect(sentTexts(outcome) == [verdict == .humanFace ? Texts.english.photoHasFace : Texts.english.photoHasNoProduct])
    }

    @Test func theProposalCanBeUsedWithOneTap() {
        let outcome = run([.photo(photo), .button(.useProposal(version: 1))])
        #expect(outcome.conversation.step == .choosingOptions)
        #expect(outcome.conversation.description == "mug")
    }

    @Test func textTypedDuringAnalysisWinsAndLeadsToTheOptions() {
        var conversation = run([.photo(photo), .text("blue vase")], analyse: false).conversation
        #expect(conversation.description == "blue vase")
        let outcome = dialogue.handle(.photoAnalysis(.usable(description: "vase"), version: conversation.version),
                                      in: conversation, for: seller)
        conversation = outcome.conversation
        #expect(conversation.step == .choosingOptions)
        #expect(conversation.description == "blue vase")
    }

    @Test func aLateAnalysisOfAnOlderPhotoChangesNothing() {
        let conversation = run([.photo(photo), .photo(photo)], analyse: false).conversation
        let outcome = dialogue.handle(.photoAnalysis(.humanFace, version: conversation.version - 1),
                                      in: conversation, for: seller)
        #expect(outcome.conversation == conversation)
        #expect(outcome.effects.isEmpty)
    }

    @Test func theLLMBeingDownLeavesTheSellerToDescribe() {
        let conversation = run([.photo(photo)], analyse: false).conversation
        let outcome = dialogue.handle(.photoAnalysis(.unavailable, version: conversation.version), in: conversation,
                                      for: seller)
        #expect(outcome.conversation.step == .awaitingDescription)
        #expect(sentTexts(outcome) == [Texts.english.askDescription])
    }

    @Test func moreWithThisProductOpensTheOptionsCard() {
        let outcome = run([.restoreProduct(photo, description: "mug")])
        #expect(outcome.conversation.step == .choosingOptions)
        #expect(outcome.conversation.photo == photo)
        #expect(sentTexts(outcome).first?.contains("Cost 10 💎") == true)
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
        .cancelDraft(version: 7), .setLanguage(.en), .useProposal(version: 3), .cancelOrder(Int64.max),
        .moreWithProduct(orderID: 42),
    ]

    @Test(arguments: actions)
    func roundTripsWithinTelegramsSixtyFourBytes(action: CallbackAction) {
        #expect(CallbackAction(data: action.data) == action)
        #expect((1...64).contains(action.data.utf8.count))
    }

    @Test(arguments: ["", "m", "m:nope", "o:1:n4", "o:x:go", "o:1:fq", "d:1:later", "l:de", "o:1:go:extra", "🙂",
                      "x:0", "x:-5", "r:abc", "x:99999999999999999999"])
    func forgedDataIsRejected(data: String) {
        #expect(CallbackAction(data: data) == nil)
    }
}

import Testing
@testable import Domain

/// 📚 My videos rendered from a page of orders, without a database.
@Suite struct OrderHistoryPageTests {
    static let march14 = CalendarDay(year: 2025, month: 3, day: 14)

    func order(_ id: Int64, description: String? = "white mug", count: Int = 3, delivered: Int = 3,
               resendable: Int? = nil, refunded: Int = 0, inProgress: Bool = false) -> OrderSummary {
        OrderSummary(id: id, day: Self.march14, description: description, videoCount: count, delivered: delivered,
                     resendable: resendable ?? delivered, refunded: refunded, inProgress: inProgress)
    }

    func actions(_ message: OutgoingMessage) -> [CallbackAction] {
        message.buttons.flatMap { $0 }.map(\.action)
    }

    @Test func eachOrderShowsItsDateDescriptionAndWhatWasDeliveredAndRefunded() {
        let page = OrderHistoryPage(number: 0, pageCount: 1, orders: [
            order(12, delivered: 2, refunded: 1),
            order(9, description: nil, count: 1, delivered: 0, refunded: 0, inProgress: true),
        ])
        #expect(page.message(texts: .english).text == """
            📚 Your orders

            #12 · 14 Mar 2025 · white mug
            delivered 2 of 3 · refunded 1

            #9 · 14 Mar 2025 · no description
            ⏳ in progress · delivered 0 of 1
            """)
        #expect(page.message(texts: .russian).text == """
            📚 Ваши заказы

            №12 · 14.03.2025 · white mug
            доставлено 2 из 3 · возвращено 1

            №9 · 14.03.2025 · без описания
            ⏳ в работе · доставлено 0 из 1
            """)
    }

    @Test func everyOrderHasSendAgainAndMoreWithThisProductThenTheMenu() {
        let message = OrderHistoryPage(number: 0, pageCount: 1, orders: [order(12), order(11)]).message(texts: .english)
        #expect(message.buttons.map { $0.map(\.title) } == [
            ["🔁 Send #12 again", "🎬 More with #12"],
            ["🔁 Send #11 again", "🎬 More with #11"],
            [Texts.english.menuButton],
        ])
        #expect(actions(message) == [.sendAgain(orderID: 12), .moreWithProduct(orderID: 12),
                                     .sendAgain(orderID: 11), .moreWithProduct(orderID: 11), .menu(.home)])
    }

    /// A refunded order, or one whose seller had blocked the bot, has nothing Telegram could send again.
    @Test func anOrderWithNothingToSendAgainOffersOnlyMoreWithThisProduct() {
        let page = OrderHistoryPage(number: 0, pageCount: 1, orders: [
            order(5, count: 1, delivered: 0, refunded: 1), order(4, count: 1, delivered: 1, resendable: 0),
        ])
        #expect(actions(page.message(texts: .english)) == [.moreWithProduct(orderID: 5), .moreWithProduct(orderID: 4),
                                                           .menu(.home)])
    }

    @Test(arguments: [(0, [CallbackAction.historyPage(1)]), (1, [.historyPage(0), .historyPage(2)]), (2, [.historyPage(1)])])
    func pageButtonsLeadOnlyWhereThereIsAPage(number: Int, paging: [CallbackAction]) {
        let message = OrderHistoryPage(number: number, pageCount: 3, orders: [order(Int64(30 - number))])
            .message(texts: .russian)
        #expect(message.text.hasPrefix("📚 Ваши заказы · страница \(number + 1) из 3\n\n"))
        #expect(message.buttons[message.buttons.count - 2].map(\.action) == paging)
        #expect(message.buttons[message.buttons.count - 2].map(\.title)
            == paging.map { $0 == .historyPage(number - 1) ? "◀️ Назад" : "Вперёд ▶️" })
    }

    @Test func anEmptyHistoryKeepsItsOwnText() {
        let message = OrderHistoryPage(number: 0, pageCount: 1, orders: []).message(texts: .english)
        #expect(message == OutgoingMessage(Texts.english.myVideosEmpty))
    }

    @Test func longDescriptionsAreShortenedToOneLine() {
        #expect(OrderHistoryPage.shortened(String(repeating: "mug ", count: 30))
            == "mug" + String(repeating: " mug", count: 9) + "…")
        #expect(OrderHistoryPage.shortened("white\nceramic   mug") == "white ceramic mug")
        #expect(OrderHistoryPage.shortened(" \n ") == nil)
        #expect(OrderHistoryPage.shortened(nil) == nil)
        let exactly = String(repeating: "x", count: OrderHistoryPage.descriptionLength)
        #expect(OrderHistoryPage.shortened(exactly) == exactly)
    }

    @Test func pagesAreCountedAndAPageNumberPastTheEndShowsTheLastPage() {
        #expect(OrderHistoryPage.pageCount(orders: 0) == 1)
        #expect(OrderHistoryPage.pageCount(orders: 5) == 1)
        #expect(OrderHistoryPage.pageCount(orders: 6) == 2)
        #expect(OrderHistoryPage.clamp(page: 7, orders: 6) == 1)
        #expect(OrderHistoryPage.clamp(page: -1, orders: 6) == 0)
        #expect(OrderHistoryPage.clamp(page: 3, orders: 0) == 0)
    }

    @Test(arguments: [CallbackAction.historyPage(0), .historyPage(Int.max), .sendAgain(orderID: 1),
                      .sendAgain(orderID: Int64.max)])
    func historyButtonsRoundTripWithinTelegramsSixtyFourBytes(action: CallbackAction) {
        #expect(CallbackAction(data: action.data) == action)
        #expect((1...64).contains(action.data.utf8.count))
    }

    @Test(arguments: ["h:-1", "h:", "h:x", "h:1:2", "s:0", "s:-3", "s:abc", "s:99999999999999999999"])
    func forgedHistoryButtonsAreRejected(data: String) {
        #expect(CallbackAction(data: data) == nil)
    }
}

/// The buttons of 📚 My videos, through the dialogue.
@Suite struct OrderHistoryDialogueTests {
    let dialogue = Dialogue(settings: DialogueSettings(videoPrice: 10, signupBonus: 10))
    let seller = UserContext(name: "Anna", balance: 30, language: .en)
    let draft = Conversation(step: .awaitingDescription, photo: ProductPhoto(fileID: "file-1", fileUniqueID: "unique-1"),
                             proposal: "mug", version: 4)

    @Test func aPageButtonReplacesTheListItWasPressedOn() {
        let pressed = dialogue.handle(.button(.historyPage(2)), in: draft, for: seller, pressedMessageID: 77)
        #expect(pressed.effects == [.showOrderHistory(page: 2, replacing: 77), .answer(text: nil, alert: false)])
        #expect(pressed.conversation == draft)
        // Telegram leaves out a message too old to edit: the page comes as a new one.
        let unknownMessage = dialogue.handle(.button(.historyPage(2)), in: .initial, for: seller)
        #expect(unknownMessage.effects.first == .showOrderHistory(page: 2, replacing: nil))
    }

    @Test func sendAgainSendsEachVideoWithItsDeliveryCaptionAndButtons() {
        let videos = [DeliveredVideo(orderID: 7, position: 1, count: 3, fileID: "video-a"),
                      DeliveredVideo(orderID: 7, position: 3, count: 3, fileID: "video-c")]
        let outcome = dialogue.handle(.orderVideos(videos), in: draft, for: seller)
        #expect(outcome.effects == [
            .resendVideo(fileID: "video-a", .videoCaption(orderID: 7, position: 1, of: 3, texts: .english)),
            .resendVideo(fileID: "video-c", .videoCaption(orderID: 7, position: 3, of: 3, texts: .english)),
        ])
        #expect(outcome.conversation == draft)
    }

    /// The bot found nothing of this seller's to send (a forged order id, or another seller's order).
    @Test func sendAgainWithNothingToSendOnlyAnswers() {
        let expired = [BotEffect.answer(text: Texts.english.buttonExpired, alert: false)]
        #expect(dialogue.handle(.orderVideos([]), in: .initial, for: seller).effects == expired)
        #expect(dialogue.handle(.button(.sendAgain(orderID: 7)), in: .initial, for: seller).effects == expired)
    }
}

import Testing
@testable import Domain

/// The order's status message: what the seller reads while the videos are made, and the summary at the end.
@Suite struct OrderProgressTests {
    /// The numbers on the message's first line, without the order's number and one mention of the total: the
    /// buckets the videos are counted in.
    func buckets(_ text: String, orderID: Int64, total: Int) -> [Int] {
        let firstLine = text.split(separator: "\n").first.map(String.init) ?? ""
        var numbers = firstLine.split { !$0.isNumber }.compactMap { Int($0) }
        #expect(numbers.first == Int(orderID), "\(firstLine)")
        numbers.removeFirst()
        if let index = numbers.firstIndex(of: total) { numbers.remove(at: index) }
        return numbers
    }

    func counts(_ states: VideoState...) -> [VideoState: Int] {
        states.reduce(into: [:]) { counts, state in counts[state, default: 0] += 1 }
    }

    @Test(arguments: VideoState.allCases)
    func everyVideoIsCountedInExactlyOneBucket(state: VideoState) {
        // Two more videos still being made keep the order running, whatever `state` is.
        let running = OrderProgress(orderID: 7, total: 4, counts: counts(state, .delivered, .generating, .queued))
        let withTwoInState = OrderProgress(orderID: 7, total: 4, counts: counts(state, state, .generating, .queued))
        for progress in [running, withTwoInState] {
            #expect(!progress.isFinished)
            for texts in [Texts.english, Texts.russian] {
                let text = progress.message(texts).text
                #expect(buckets(text, orderID: 7, total: 4).reduce(0, +) == 4, "\(state): \(text)")
            }
        }
        // And the summary counts every video too once they have all ended.
        if state.isTerminal {
            let ended = OrderProgress(orderID: 7, total: 3, counts: counts(state, .delivered, .failed),
                                      failureReason: .serviceUnavailable)
            #expect(ended.isFinished)
            for texts in [Texts.english, Texts.russian] {
                let text = ended.message(texts).text
                #expect(buckets(text, orderID: 7, total: 3).reduce(0, +) == 3, "\(state): \(text)")
            }
        }
    }

    @Test func aRefundWhileRunningIsShownAsRefunded() {
        let progress = OrderProgress(orderID: 12, total: 3, counts: [.delivered: 1, .generating: 1, .failed: 1],
                                     failureReason: .serviceUnavailable)
        #expect(progress.message(.english).text.hasPrefix(
            "Order #12: 1 of 3 ready · 1 generating · 0 queued · 1 refunded.\n"))
        #expect(progress.message(.russian).text.hasPrefix(
            "Заказ №12: готово 1 из 3 · в работе 1 · в очереди 0 · возвращено 1.\n"))
    }

    @Test func aCancelledOrderSaysItWasCancelled() {
        let progress = OrderProgress(orderID: 9, total: 5, counts: [.delivered: 1, .cancelled: 4])
        #expect(progress.message(.english).text
            == "Order #9 is done: 1 delivered, 4 cancelled. Their credits are back on your balance.")
        #expect(progress.message(.russian).text
            == "Заказ №9 выполнен: доставлено 1, отменено 4. Кредиты за них вернулись на баланс.")
    }

    @Test func cancelledAndFailedVideosAreToldApart() {
        let progress = OrderProgress(orderID: 9, total: 5, counts: [.delivered: 1, .cancelled: 3, .failed: 1],
                                     failureReason: .tookTooLong)
        #expect(progress.message(.english).text == "Order #9 is done: 1 delivered, 3 cancelled, 1 refunded: "
            + Texts.english.failureReason(.tookTooLong))
    }
}

/// One page of 📚 My videos: the seller's orders, newest first, each with 🔁 Send again and More with this product.
public struct OrderHistoryPage: Sendable, Equatable {
    /// Five orders with a row of buttons each keep the list within one phone screen.
    public static let size = 5
    /// Telegram does not tell a user's time zone; the sellers work on Russian marketplaces, so days are Moscow's.
    public static let timeZone = "Europe/Moscow"
    /// Descriptions are up to 300 characters; the list shows the start, enough to recognise the product.
    static let descriptionLength = 40

    /// Zero-based.
    public var number: Int
    public var pageCount: Int
    public var orders: [OrderSummary]

    public init(number: Int, pageCount: Int, orders: [OrderSummary]) {
        self.number = number
        self.pageCount = pageCount
        self.orders = orders
    }

    public static func pageCount(orders total: Int) -> Int {
        max(1, (total + size - 1) / size)
    }

    /// A page button from an older list may point past the end now: it shows the nearest page instead.
    public static func clamp(page: Int, orders total: Int) -> Int {
        min(max(page, 0), pageCount(orders: total) - 1)
    }

    public func message(texts: Texts) -> OutgoingMessage {
        guard !orders.isEmpty else { return OutgoingMessage(texts.myVideosEmpty) }
        let entries = orders.map { order in
            texts.historyOrder(order.id, order.day, Self.shortened(order.description)) + "\n"
                + texts.historyOutcome(order.delivered, order.videoCount, order.refunded, order.inProgress)
        }
        var buttons = orders.map(Self.buttons(texts))
        var paging: [OutgoingMessage.Button] = []
        if number > 0 { paging.append(.init(texts.previousPageButton, .historyPage(number - 1))) }
        if number + 1 < pageCount { paging.append(.init(texts.nextPageButton, .historyPage(number + 1))) }
        if !paging.isEmpty { buttons.append(paging) }
        buttons.append([.init(texts.menuButton, .menu(.home))])
        let title = texts.historyTitle(number + 1, pageCount)
        return OutgoingMessage(title + "\n\n" + entries.joined(separator: "\n\n"), buttons: buttons)
    }

    private static func buttons(_ texts: Texts) -> (OrderSummary) -> [OutgoingMessage.Button] {
        { order in
            let more = OutgoingMessage.Button(texts.moreOfOrderButton(order.id), .moreWithProduct(orderID: order.id))
            guard order.resendable > 0 else { return [more] }
            return [.init(texts.sendAgainButton(order.id), .sendAgain(orderID: order.id)), more]
        }
    }

    /// One line per order: line breaks become spaces, and a long description ends in "…".
    static func shortened(_ description: String?) -> String? {
        guard let description else { return nil }
        let line = description.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard line.count > descriptionLength else { return line.isEmpty ? nil : line }
        let start = line.prefix(descriptionLength - 1).reversed().drop(while: \.isWhitespace).reversed()
        return String(start) + "…"
    }
}

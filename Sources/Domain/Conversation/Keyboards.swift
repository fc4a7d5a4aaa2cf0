enum Keyboards {
    static func mainMenu(_ texts: Texts) -> [[OutgoingMessage.Button]] {
        [
            [.init(texts.menuCreate, .menu(.create))],
            [.init(texts.menuMyVideos, .menu(.videos)), .init(texts.menuBalance, .menu(.balance))],
            [.init(texts.menuHelp, .menu(.help))],
        ]
    }

    static let languages: [[OutgoingMessage.Button]] = [
        [.init("🇷🇺 Русский", .setLanguage(.ru)), .init("🇬🇧 English", .setLanguage(.en))],
    ]
}

/// The options card: count and format with ✅ on the chosen values, the cost line, confirm and cancel.
struct OptionsCard {
    let conversation: Conversation
    let balance: Int
    let price: Int
    let formats: [VideoFormat]
    let texts: Texts

    var message: OutgoingMessage {
        let version = conversation.version
        let cost = conversation.videoCount * price
        let text = texts.optionsTitle(conversation.description) + "\n\n"
            + texts.costLine(cost, balance, price > 0 ? balance / price : 0)
        let counts = VideoCount.choices.map { count in
            OutgoingMessage.Button(mark(count == conversation.videoCount, "\(count)"), .chooseCount(count, version: version))
        }
        let shapes = formats.map { format in
            OutgoingMessage.Button(mark(format == conversation.format, format.rawValue), .chooseFormat(format, version: version))
        }
        return OutgoingMessage(text, buttons: [
            counts,
            shapes,
            [.init(texts.confirmButton, .confirm(version: version))],
            [.init(texts.cancelButton, .cancelDraft(version: version))],
        ])
    }

    private func mark(_ chosen: Bool, _ title: String) -> String {
        chosen ? "✅ \(title)" : title
    }
}

extension OutgoingMessage {
    /// A delivered video's caption and its buttons, for a first delivery and a re-send alike: 🔁 More with this
    /// product, 🏠 Menu.
    public static func videoCaption(orderID: Int64, position: Int, of count: Int, texts: Texts) -> OutgoingMessage {
        OutgoingMessage(texts.videoCaption(orderID, position, count), buttons: [
            [.init(texts.moreButton, .moreWithProduct(orderID: orderID))],
            [.init(texts.menuButton, .menu(.home))],
        ])
    }
}

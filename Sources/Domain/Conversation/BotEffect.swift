/// What the dialogue wants done. The bot turns effects into outbox jobs and ledger rows in the same transaction
/// as the new conversation state.
public enum BotEffect: Sendable, Equatable {
    case send(OutgoingMessage)
    /// Edit the message whose button was pressed.
    case edit(messageID: Int64, OutgoingMessage)
    /// The answer to the pressed button's callback query (every query gets exactly one).
    case answer(text: String?, alert: Bool)
    case placeOrder(OrderDraft)
    case changeLanguage(Language)
    /// 📚 My videos at `page`, in place of the list message `replacing` when a page button was pressed on it.
    case showOrderHistory(page: Int, replacing: Int64?)
    /// A delivered video sent again by its Telegram file_id, with its caption and buttons.
    case resendVideo(fileID: String, OutgoingMessage)
    /// Ask the LLM about the draft's photo; its verdict comes back as `.photoAnalysis`.
    case analyzePhoto(ProductPhoto, version: Int)
    /// An invoice in Telegram Stars for the pack, payable by this seller only.
    case sendInvoice(CreditPack)
    /// A seller's question about a payment, for the support chat.
    case forwardToSupport(String)

    public var isAnswer: Bool {
        if case .answer = self { return true }
        return false
    }
}

public struct OutgoingMessage: Sendable, Equatable {
    public var text: String
    public var buttons: [[Button]]

    public init(_ text: String, buttons: [[Button]] = []) {
        self.text = text
        self.buttons = buttons
    }

    public struct Button: Sendable, Equatable {
        public var title: String
        public var action: CallbackAction

        public init(_ title: String, _ action: CallbackAction) {
            self.title = title
            self.action = action
        }
    }
}

/// A confirmed order, before it is written: the bot debits `cost` and creates `count` videos in one transaction.
public struct OrderDraft: Sendable, Equatable {
    public var photo: ProductPhoto
    public var description: String?
    public var count: Int
    public var format: VideoFormat
    public var unitPrice: Int

    public var cost: Int { count * unitPrice }
}

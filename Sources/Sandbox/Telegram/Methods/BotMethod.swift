/// The Bot API methods the stand-in implements. Raw values are lowercased: Telegram matches names
/// case-insensitively.
enum BotMethod: String, CaseIterable, Sendable {
    case sendMessage = "sendmessage"
    case editMessageText = "editmessagetext"
    case editMessageReplyMarkup = "editmessagereplymarkup"
    case sendVideo = "sendvideo"
    case sendChatAction = "sendchataction"
    case sendInvoice = "sendinvoice"
    case answerCallbackQuery = "answercallbackquery"
    case answerPreCheckoutQuery = "answerprecheckoutquery"
    case refundStarPayment = "refundstarpayment"
    case getFile = "getfile"
    case setWebhook = "setwebhook"
    case deleteWebhook = "deletewebhook"
    case getWebhookInfo = "getwebhookinfo"
    case setMyCommands = "setmycommands"
    case getMe = "getme"

    init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// Methods that put a message into a chat count against Telegram's sending limits.
    var isRateLimited: Bool {
        switch self {
        case .sendMessage, .editMessageText, .editMessageReplyMarkup, .sendVideo, .sendInvoice: true
        default: false
        }
    }
}

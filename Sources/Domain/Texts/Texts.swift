/// Everything the bot says, for one language. The catalogues (`Texts.russian`, `Texts.english`) are the only
/// place user-facing words live.
public struct Texts: Sendable {
    // Main menu and its buttons
    public var welcome: @Sendable (_ name: String, _ balance: Int, _ bonus: Int) -> String
    public var welcomeBack: @Sendable (_ name: String, _ balance: Int) -> String
    public var menu: String
    public var menuCreate: String
    public var menuMyVideos: String
    public var menuBalance: String
    public var menuHelp: String
    public var help: String
    public var balance: @Sendable (_ balance: Int, _ price: Int) -> String

    // Photo and description
    public var askPhoto: String
    public var unsupportedMessage: String
    public var unsupportedFile: String
    public var fileTooLarge: String
    public var askDescription: String
    public var skipButton: String
    public var descriptionTooLong: @Sendable (_ limit: Int) -> String

    // Photo analysis
    public var analyzingPhoto: String
    public var proposeDescription: @Sendable (_ description: String) -> String
    public var useProposalButton: String
    public var descriptionNoted: String
    public var photoHasFace: String
    public var photoHasNoProduct: String
    public var tooManyPhotos: @Sendable (_ perMinute: Int, _ perDay: Int) -> String
    public var tooManyPending: String

    // Options card
    public var optionsTitle: @Sendable (_ description: String?) -> String
    public var countLabel: String
    public var formatLabel: String
    public var costLine: @Sendable (_ cost: Int, _ balance: Int, _ enoughFor: Int) -> String
    public var confirmButton: String
    public var cancelButton: String
    public var notEnoughCredits: @Sendable (_ cost: Int, _ balance: Int) -> String
    public var buyButton: String

    // Credit packs and payments
    public var packsIntro: String
    public var packButton: @Sendable (_ credits: Int, _ stars: Int) -> String
    public var invoiceTitle: @Sendable (_ credits: Int) -> String
    public var invoiceDescription: @Sendable (_ credits: Int, _ videos: Int) -> String
    public var packChanged: String
    public var invoiceInvalid: String
    public var purchaseDone: @Sendable (_ credits: Int, _ balance: Int) -> String
    public var draftAwaitsConfirmation: String
    public var referralLine: @Sendable (_ link: String, _ bonus: Int) -> String
    public var referralPaid: @Sendable (_ bonus: Int, _ balance: Int) -> String
    public var purchaseRefunded: @Sendable (_ credits: Int, _ balance: Int) -> String
    public var supportQuestionSent: String
    public var supportAnswer: @Sendable (_ text: String) -> String
    /// For the support chat: who asks, with the id `/reply` needs.
    public var supportQuestion: @Sendable (_ name: String, _ userID: Int64, _ question: String) -> String

    // Operators: purchase refunds
    public var refundQueued: @Sendable (_ charge: String) -> String
    public var refundDone: @Sendable (_ charge: String, _ credits: Int) -> String
    public var refundUnknownCharge: @Sendable (_ charge: String) -> String
    public var refundAlreadyDone: @Sendable (_ charge: String) -> String
    public var refundSpent: @Sendable (_ charge: String, _ spent: Int, _ credits: Int) -> String
    public var refundRefused: @Sendable (_ charge: String, _ reason: String) -> String
    public var refundUncertain: @Sendable (_ charge: String) -> String
    public var orderAccepted: @Sendable (_ order: Int64, _ count: Int) -> String
    public var tooManyActiveOrders: @Sendable (_ limit: Int) -> String

    // Order progress and delivery
    public var orderProgress: @Sendable (_ order: Int64, _ delivered: Int, _ generating: Int, _ waiting: Int,
                                         _ refunded: Int, _ total: Int) -> String
    public var orderDone: @Sendable (_ order: Int64, _ delivered: Int, _ total: Int) -> String
    /// `reason` explains the failed videos; cancelled ones need no explanation.
    public var orderDoneWithRefunds: @Sendable (_ order: Int64, _ delivered: Int, _ cancelled: Int, _ failed: Int,
                                                _ reason: String) -> String
    public var failureReason: @Sendable (_ reason: FailureReason) -> String
    public var videoRefused: @Sendable (_ reason: String) -> String
    public var cancelOrderButton: String
    public var orderCancelled: @Sendable (_ refunded: Int) -> String
    public var nothingToCancel: String
    public var videoCaption: @Sendable (_ order: Int64, _ index: Int, _ total: Int) -> String
    public var moreButton: String
    public var menuButton: String
    public var videosDelayed: String

    // Leaving flows, stale buttons, limits, language
    public var cancelled: String
    public var buttonExpired: String
    public var slowDown: String
    public var chooseLanguage: String
    public var languageChanged: String
    public var useTheMenu: String
    public var myVideosEmpty: String
    public var commands: [(command: String, description: String)]

    // 📚 My videos
    public var historyTitle: @Sendable (_ page: Int, _ pageCount: Int) -> String
    public var historyOrder: @Sendable (_ order: Int64, _ day: CalendarDay, _ description: String?) -> String
    public var historyOutcome: @Sendable (_ delivered: Int, _ total: Int, _ refunded: Int, _ inProgress: Bool) -> String
    public var sendAgainButton: @Sendable (_ order: Int64) -> String
    public var moreOfOrderButton: @Sendable (_ order: Int64) -> String
    public var previousPageButton: String
    public var nextPageButton: String

    // Commands beside the menu
    public var unknownCommand: String
    public var paySupport: String
    public var terms: String

    // Operators: their commands, and what a seller is told of a grant
    public var operators: OperatorTexts
}

/// Operators' commands and reports (`ADMIN_IDS` only, never in the command lists), and the seller's notice of a grant.
public struct OperatorTexts: Sendable {
    public var usage: @Sendable (_ command: OperatorCommand.Name) -> String
    public var unknownUser: @Sendable (_ user: Int64) -> String
    public var granted: @Sendable (_ user: Int64, _ credits: Int, _ reason: String, _ balance: Int) -> String
    public var takenBack: @Sendable (_ user: Int64, _ credits: Int, _ reason: String, _ balance: Int) -> String
    public var takeBackExceedsBalance: @Sendable (_ user: Int64, _ credits: Int, _ balance: Int) -> String
    public var grantAlreadyMade: String
    public var sellerGranted: @Sendable (_ credits: Int, _ reason: String, _ balance: Int) -> String
    public var sellerTakenBack: @Sendable (_ credits: Int, _ reason: String, _ balance: Int) -> String
    public var stats: @Sendable (_ report: StatsReport) -> String
    public var user: @Sendable (_ report: UserReport) -> String
    public var replySent: @Sendable (_ user: Int64) -> String
}

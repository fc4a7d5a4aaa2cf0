/// The meaning of an inline button, packed into Telegram's 64-byte `callback_data` as `kind:field:...`.
/// Buttons that act on a draft carry the conversation version they were drawn for, so a stale one is recognised.
public enum CallbackAction: Sendable, Equatable {
    case menu(MenuItem)
    case skipDescription(version: Int)
    case chooseCount(Int, version: Int)
    case chooseFormat(VideoFormat, version: Int)
    case confirm(version: Int)
    case cancelDraft(version: Int)
    case setLanguage(Language)
    case useProposal(version: Int)
    case cancelOrder(Int64)
    case moreWithProduct(orderID: Int64)
    case buyPack(CreditPack)
    /// A page of 📚 My videos (zero-based).
    case historyPage(Int)
    /// 🔁 Send again: the delivered videos of one of the seller's orders.
    case sendAgain(orderID: Int64)

    public enum MenuItem: String, Sendable, CaseIterable {
        case home, create, videos, balance, help
    }

    public var data: String {
        switch self {
        case .menu(let item): "m:\(item.rawValue)"
        case .skipDescription(let version): "d:\(version):skip"
        case .chooseCount(let count, let version): "o:\(version):n\(count)"
        case .chooseFormat(let format, let version): "o:\(version):f\(format.callbackToken)"
        case .confirm(let version): "o:\(version):go"
        case .cancelDraft(let version): "o:\(version):x"
        case .setLanguage(let language): "l:\(language.rawValue)"
        case .useProposal(let version): "d:\(version):use"
        case .cancelOrder(let order): "x:\(order)"
        case .moreWithProduct(let order): "r:\(order)"
        case .buyPack(let pack): "b:\(pack.credits):\(pack.stars)"
        case .historyPage(let page): "h:\(page)"
        case .sendAgain(let order): "s:\(order)"
        }
    }

    /// nil for anything the bot did not draw (forged, from an older bot version, or truncated).
    public init?(data: String) {
        let parts = data.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch (parts.first, parts.count) {
        case ("m", 2):
            guard let item = MenuItem(rawValue: parts[1]) else { return nil }
            self = .menu(item)
        case ("l", 2):
            guard let language = Language(rawValue: parts[1]) else { return nil }
            self = .setLanguage(language)
        case ("d", 3):
            guard let version = Int(parts[1]) else { return nil }
            switch parts[2] {
            case "skip": self = .skipDescription(version: version)
            case "use": self = .useProposal(version: version)
            default: return nil
            }
        case ("x", 2):
            guard let order = Int64(parts[1]), order > 0 else { return nil }
            self = .cancelOrder(order)
        case ("r", 2):
            guard let order = Int64(parts[1]), order > 0 else { return nil }
            self = .moreWithProduct(orderID: order)
        case ("b", 3):
            guard let credits = Int(parts[1]), let stars = Int(parts[2]), credits > 0, stars > 0 else { return nil }
            self = .buyPack(CreditPack(credits: credits, stars: stars))
        case ("h", 2):
            guard let page = Int(parts[1]), page >= 0 else { return nil }
            self = .historyPage(page)
        case ("s", 2):
            guard let order = Int64(parts[1]), order > 0 else { return nil }
            self = .sendAgain(orderID: order)
        case ("o", 3):
            guard let version = Int(parts[1]), let action = Self.option(parts[2], version: version) else { return nil }
            self = action
        default:
            return nil
        }
    }

    private static func option(_ token: String, version: Int) -> CallbackAction? {
        switch token {
        case "go": return .confirm(version: version)
        case "x": return .cancelDraft(version: version)
        default: break
        }
        if token.hasPrefix("n"), let count = Int(token.dropFirst()), VideoCount.choices.contains(count) {
            return .chooseCount(count, version: version)
        }
        if token.hasPrefix("f"), let format = VideoFormat(callbackToken: String(token.dropFirst())) {
            return .chooseFormat(format, version: version)
        }
        return nil
    }
}

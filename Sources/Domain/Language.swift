/// The languages the bot speaks; Russian unless the user's Telegram client says English (or they switch).
public enum Language: String, Sendable, CaseIterable, Codable {
    case ru, en

    public init(languageCode: String?) {
        self = languageCode?.lowercased().hasPrefix("en") == true ? .en : .ru
    }

    public var texts: Texts {
        switch self {
        case .ru: .russian
        case .en: .english
        }
    }
}

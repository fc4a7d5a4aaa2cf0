/// The shape of the videos: vertical for marketplace cards and Reels/Shorts, or horizontal.
public enum VideoFormat: String, Sendable, CaseIterable, Codable {
    case portrait = "9:16"
    case landscape = "16:9"

    /// The token used in callback data, where ':' is the separator.
    var callbackToken: String {
        switch self {
        case .portrait: "p"
        case .landscape: "l"
        }
    }

    init?(callbackToken: String) {
        guard let format = Self.allCases.first(where: { $0.callbackToken == callbackToken }) else { return nil }
        self = format
    }
}

/// How many videos one order may ask for.
public enum VideoCount {
    public static let choices = [1, 3, 5]
    public static let `default` = 1
}

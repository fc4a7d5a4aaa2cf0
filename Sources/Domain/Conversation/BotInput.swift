/// What a user did, reduced from a Telegram update to what the dialogue cares about.
public enum BotInput: Sendable, Equatable {
    case command(Command, payload: String?)
    case text(String)
    case photo(ProductPhoto)
    /// An image sent as a file; `photo` is nil when its type or size is not usable.
    case imageFile(ProductPhoto?, problem: FileProblem?)
    case unsupported
    case button(CallbackAction)

    public enum Command: String, Sendable, CaseIterable {
        case start, help, balance, cancel, language, menu
    }

    public enum FileProblem: Sendable, Equatable {
        case notAnImage
        case tooLarge
    }
}

/// What a user did, reduced from a Telegram update to what the dialogue cares about.
public enum BotInput: Sendable, Equatable {
    case command(Command, payload: String?)
    case text(String)
    case photo(ProductPhoto)
    /// An image sent as a file; `photo` is nil when its type or size is not usable.
    case imageFile(ProductPhoto?, problem: FileProblem?)
    case unsupported
    case button(CallbackAction)
    /// The LLM's look at the photo of draft `version` came back.
    case photoAnalysis(PhotoVerdict, version: Int)
    /// "More with this product": the photo and description of an earlier order of this seller.
    case restoreProduct(ProductPhoto, description: String?)
    /// A payment was credited (the balance in the context already includes it).
    case purchased(credits: Int)
    /// 🔁 Send again: the delivered videos of one of this seller's orders; empty when there are none to send
    /// (the order is not theirs, or does not exist).
    case orderVideos([DeliveredVideo])
    /// A `/word` the bot does not know: never a description.
    case unknownCommand

    public enum Command: String, Sendable, CaseIterable {
        case start, help, balance, cancel, language, menu
        case buy, videos, paysupport, terms
    }

    /// A photo or an image file: what the LLM would be asked about.
    public var isPhoto: Bool {
        switch self {
        case .photo, .imageFile(_?, nil): true
        default: false
        }
    }

    public enum FileProblem: Sendable, Equatable {
        case notAnImage
        case tooLarge
    }
}

/// What the LLM made of a product photo, before anything is charged.
public enum PhotoVerdict: Sendable, Equatable {
    case usable(description: String)
    case noProduct
    case humanFace
    /// The LLM could not be asked (down, out of quota): the seller describes the product instead.
    case unavailable
}

/// The chat page's sample photos carry their name in a JPEG comment ("NeuroCards sample: Shoe box"), as a camera
/// names its files: the OpenAI stand-in reads it where a real model would recognise the product.
enum SamplePhotoName {
    static let prefix = "NeuroCards sample: "
    static let maxLength = 80

    /// The name in `comment`, when it is a sample's.
    static func read(_ comment: String?) -> String? {
        guard let comment, comment.hasPrefix(prefix) else { return nil }
        let name = comment.dropFirst(prefix.count).prefix { !$0.isNewline }.prefix(maxLength)
        return name.isEmpty ? nil : String(name)
    }
}

import Foundation

extension LLMClient {
    /// Asks the vision model what product the photo shows and whether it can become a video. `imageURL` is a
    /// `data:image/jpeg;base64,…` URL or an https URL; `hint` is what the seller wrote, if anything;
    /// `language` a code such as "ru" or "en" for the description.
    public func analyzePhoto(imageURL: String, hint: String?, language: String) throws -> PhotoAnalysis {
        var text = "Describe the product in this photo for a marketplace listing and judge whether it can be "
            + "animated into a product video. Write the description in \(Self.languageName(language))."
        if let hint = Self.bounded(hint) {
            text += "\n\(LLMConventions.sellerNoteLabel) \(hint)"
        }
        let content = try complete(
            system: Instructions.photoAnalysis,
            user: [.text(text), .imageURL(imageURL)],
            format: ResponseFormat(name: LLMConventions.photoAnalysisSchema, schema: PhotoAnalysisAnswer.schema))
        return try Self.decodeContent(PhotoAnalysisAnswer.self, from: content).analysis()
    }

    /// Longest seller hint passed on; the model needs a few words, not an essay.
    static let maxHintLength = 500

    static func bounded(_ hint: String?) -> String? {
        guard let hint else { return nil }
        let oneLine = hint.split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        guard !oneLine.isEmpty else { return nil }
        return String(oneLine.prefix(maxHintLength))
    }

    static func languageName(_ code: String) -> String {
        switch code.lowercased().prefix(2) {
        case "ru": "Russian"
        case "en": "English"
        case "uk": "Ukrainian"
        case "kk": "Kazakh"
        case "de": "German"
        case "es": "Spanish"
        default: "the language with code \"\(code.prefix(8))\""
        }
    }
}

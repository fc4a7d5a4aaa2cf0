import LLM

/// The one-line product description the OpenAI stand-in proposes, built from what it can know of a photo: the
/// seller's own words (their note, or the caption the photo came with), else the sample's name, else "Product";
/// then the dominant colours and the orientation. In Russian when the bot asks for Russian, else in English:
/// "Red shoe box — red and beige on a white background, portrait shot".
struct PhotoDescription: Sendable {
    var subject: String?
    var palette: PhotoPalette?
    var orientation: ImageFacts.Orientation?
    var russian: Bool

    /// Joins the subject to the rest; the prompt writer takes what comes before it as the product.
    static let separator = " — "

    var text: String {
        let rest = russian ? russianRest : englishRest
        let fallback = russian ? "Товар" : "Product"
        let clean = subject.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") }?
            .trimmingCharacters(in: .whitespaces)
        let room = max(1, PhotoAnalysis.maxDescriptionLength - rest.count)
        let subject = (clean.flatMap { $0.isEmpty ? nil : $0 } ?? fallback).prefix(room)
        return subject.prefix(1).uppercased() + subject.dropFirst() + rest
    }

    private var englishRest: String {
        let shot = orientation.map { ", \(Self.english($0)) shot" } ?? ""
        guard let palette else { return shot }
        let colours = palette.product.map(\.english).joined(separator: " and ")
        let backdrop = "on \(Self.article(palette.background.english)) \(palette.background.english) background"
        return (colours.isEmpty ? " " + backdrop : Self.separator + colours + " " + backdrop) + shot
    }

    private var russianRest: String {
        let shot = orientation.map { ", \(Self.russian($0)) фото" } ?? ""
        guard let palette else { return shot }
        let colours = palette.product.map(\.russian).joined(separator: " и ")
        let backdrop = "на \(palette.background.russianPrepositional) фоне"
        return (colours.isEmpty ? " " + backdrop : Self.separator + colours + " " + backdrop) + shot
    }

    private static func english(_ orientation: ImageFacts.Orientation) -> String {
        switch orientation {
        case .portrait: "portrait"
        case .landscape: "landscape"
        case .square: "square"
        }
    }

    private static func russian(_ orientation: ImageFacts.Orientation) -> String {
        switch orientation {
        case .portrait: "вертикальное"
        case .landscape: "горизонтальное"
        case .square: "квадратное"
        }
    }

    private static func article(_ word: String) -> String {
        "aeiou".contains(word.first ?? "x") ? "an" : "a"
    }
}

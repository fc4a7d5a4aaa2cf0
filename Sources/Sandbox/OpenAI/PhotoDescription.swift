import LLM

/// The one-line product description the OpenAI stand-in proposes, built from what it can know of a photo: the
/// seller's own words (their note, or the caption the photo came with), else the sample's name, else "Product";
/// then the dominant colours and the orientation. In Russian when the bot asks for Russian, else in English:
/// "Red shoe box — red on a white background, portrait shot".
struct PhotoDescription: Sendable {
    var subject: String?
    var palette: PhotoPalette?
    var orientation: ImageFacts.Orientation?
    var russian: Bool

    /// Joins the subject to the rest; the prompt writer takes what comes before it as the product.
    static let separator = " — "

    var text: String {
        let wording = russian ? Wording.russian : Wording.english
        let rest = rest(in: wording)
        let clean = subject.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") }?
            .trimmingCharacters(in: .whitespaces)
        let room = max(1, PhotoAnalysis.maxDescriptionLength - rest.count)
        let subject = (clean.flatMap { $0.isEmpty ? nil : $0 } ?? wording.product).prefix(room)
        return subject.prefix(1).uppercased() + subject.dropFirst() + rest
    }

    /// "— red and white on a beige background, portrait shot", as much of it as is known.
    private func rest(in wording: Wording) -> String {
        let shot = orientation.map(wording.shot) ?? ""
        guard let palette else { return shot }
        let colours = palette.product.map(wording.colour).joined(separator: wording.and)
        let backdrop = wording.backdrop(palette.background)
        return (colours.isEmpty ? " " + backdrop : Self.separator + colours + " " + backdrop) + shot
    }

    /// The words of one language.
    private struct Wording: Sendable {
        let product: String
        let and: String
        let colour: @Sendable (ColourName) -> String
        let backdrop: @Sendable (ColourName) -> String
        let shot: @Sendable (ImageFacts.Orientation) -> String

        static let english = Wording(
            product: "Product", and: " and ", colour: \.english,
            backdrop: { "on \("aeiou".contains($0.english.first ?? "x") ? "an" : "a") \($0.english) background" },
            shot: { orientation in
                switch orientation {
                case .portrait: ", portrait shot"
                case .landscape: ", landscape shot"
                case .square: ", square shot"
                }
            })

        static let russian = Wording(
            product: "Товар", and: " и ", colour: \.russian, backdrop: { "на \($0.russianPrepositional) фоне" },
            shot: { orientation in
                switch orientation {
                case .portrait: ", вертикальное фото"
                case .landscape: ", горизонтальное фото"
                case .square: ", квадратное фото"
                }
            })
    }
}

import Foundation

/// The OpenAI stand-in's scene prompts: one distinct, concrete scene per video, written the way a video model
/// takes them (what is seen, the light, how the camera moves, what must stay as in the photo). Five scenes, in this
/// order: a studio turntable, a lifestyle scene, a close-up of a detail, an unboxing, a hands-on demo; past five
/// they come round again as variations with the camera the other way.
enum ScenePromptWriter {
    static let scenes = [
        "Studio turntable: {subject} turns slowly on a white turntable against a seamless {backdrop} backdrop; soft "
            + "even key light and gentle reflections, the camera holds steady and eases in.",
        "Lifestyle scene: {subject} stands on a sunlit oak kitchen table beside a linen napkin and a small potted "
            + "plant; warm morning window light, shallow depth of field, the camera glides slowly to the right.",
        "Close-up of a detail: a slow macro push-in on {subject}, showing the texture of its {colours} surface, its "
            + "edges and its logo in soft raking light, the background melting into bokeh.",
        "Unboxing: hands open a plain kraft gift box and lift out {subject}, then set it down facing the camera; "
            + "bright soft daylight, the camera lowers gently to the product.",
        "Hands-on demo: a hand picks up {subject} and shows it in use, turning it gently toward the camera; natural "
            + "indoor light, the camera tilts up slowly with the movement.",
    ]

    /// `count` prompts for the product in `description` (the part before `PhotoDescription.separator`), with the
    /// photo's colours when known and the framing phrase the bot asked for ("vertical 9:16").
    static func prompts(description: String?, palette: PhotoPalette?, framing: String?, count: Int) -> [String] {
        let subject = subject(of: description)
        let colours = palette.map { $0.product.isEmpty ? [$0.background] : $0.product }
            .map { $0.map(\.english).joined(separator: " and ") }
        let framing = framing.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? "Vertical 9:16"
        let closing = " Keep the product exactly as in the photo: the same shape, \(colours.map { "\($0) " } ?? "")"
            + "colours, proportions and logo. \(framing) framing, no text on screen."
        return (0..<max(0, count)).map { index in
            let round = index / scenes.count
            let scene = scenes[index % scenes.count]
                .replacingOccurrences(of: "{subject}", with: subject)
                .replacingOccurrences(of: "{backdrop}", with: palette?.background.english ?? "light grey")
                .replacingOccurrences(of: "{colours}", with: colours ?? "finished")
            let variation = round == 0 ? "" : "Variation \(round + 1), the camera moving the other way. "
            return variation + scene + closing
        }
    }

    /// "the red shoe box, size 42" for an English description, "the product (белая кружка)" for any other.
    static func subject(of description: String?) -> String {
        let product = description.map { text in
            (text.range(of: PhotoDescription.separator).map { String(text[..<$0.lowerBound]) } ?? text)
                .trimmingCharacters(in: .whitespaces.union(.init(charactersIn: ".,;:")))
        }
        guard let product, !product.isEmpty else { return "the product" }
        let bounded = String(product.prefix(120))
        guard bounded.unicodeScalars.allSatisfy(\.isASCII) else { return "the product (\(bounded))" }
        let second = bounded.dropFirst().first
        let lowered = second?.isLowercase == true ? bounded.prefix(1).lowercased() + bounded.dropFirst() : bounded
        let article = ["the ", "a ", "an "].contains { lowered.lowercased().hasPrefix($0) }
        return article ? lowered : "the " + lowered
    }
}

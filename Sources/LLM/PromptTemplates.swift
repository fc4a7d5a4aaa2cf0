import Foundation

/// Built-in scene prompts for when the LLM is unavailable or out of quota: five clearly different scenes
/// (camera move, setting, light), deterministic, with the product description and framing filled in.
public enum PromptTemplates {
    /// Longest description embedded; a prompt is a few sentences, not the seller's whole text.
    static let maxDescriptionLength = 200

    static let scenes = [
        "Slow 360° turntable rotation of {subject} on a seamless white studio backdrop, soft even key light "
            + "with gentle reflections.",
        "Slow dolly-in from a medium shot to a close-up of {subject}, revealing the surface texture and fine "
            + "details in soft diffused window light.",
        "Lifestyle tabletop scene: {subject} on a light wooden table among a few neutral props, shallow depth of "
            + "field, warm morning light, a slow sideways camera slide.",
        "Dramatic low-key lighting: a crisp rim light outlines {subject} against a dark background while the "
            + "camera slowly orbits the product.",
        "Bright outdoor daylight: {subject} on a pale stone surface with soft natural shadows, a gentle handheld "
            + "push-in.",
    ]

    /// `count` prompts (none for a count below 1), distinct for every count; beyond five the scenes repeat
    /// with a numbered variation so prompts still differ.
    public static func prompts(description: String?, count: Int, format: String) -> [String] {
        guard count > 0 else { return [] }
        let subject = subject(for: description)
        let closing = " \(Framing(format).phrase.capitalizedFirst) framing. Keep the product exactly as in the photo: "
            + "the same shape, colour, proportions and logo. No text, no people."
        return (0..<count).map { index in
            let scene = scenes[index % scenes.count].replacingOccurrences(of: "{subject}", with: subject)
            let round = index / scenes.count
            let variation = round == 0 ? "" : " Variation \(round + 1): the camera moves the opposite way."
            return scene + variation + closing
        }
    }

    /// "the product (red leather sneakers)", or "the product" without a usable description.
    static func subject(for description: String?) -> String {
        guard let description else { return "the product" }
        let clean = PromptSanitizer.sanitize(description)
            .trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ",;:.")))
        guard !clean.isEmpty else { return "the product" }
        return "the product (\(String(clean.prefix(maxDescriptionLength))))"
    }
}

extension String {
    fileprivate var capitalizedFirst: String {
        prefix(1).uppercased() + dropFirst()
    }
}

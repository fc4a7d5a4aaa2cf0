/// What the vision model saw in a product photo, before anything is charged.
public struct PhotoAnalysis: Sendable, Equatable {
    /// Whether the photo can be turned into product videos, and if not, why.
    public enum Verdict: String, Sendable, Equatable, CaseIterable {
        case usable
        /// No product is visible (a landscape, a blank wall, a screenshot of text).
        case noProduct
        /// A realistic human face is in the photo; video models reject those.
        case humanFace
        /// Too dark, blurred or ambiguous to tell.
        case unclear
    }

    /// One line, at most `PhotoAnalysis.maxDescriptionLength` characters, in the seller's language.
    public var description: String
    public var verdict: Verdict

    public static let maxDescriptionLength = 120

    public init(description: String, verdict: Verdict) {
        self.description = description
        self.verdict = verdict
    }
}

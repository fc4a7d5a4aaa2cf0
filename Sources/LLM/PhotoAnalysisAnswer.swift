import Foundation

/// The JSON the vision model is told to answer with, and how it becomes a `PhotoAnalysis`.
struct PhotoAnalysisAnswer: Decodable, Sendable {
    var description: String
    var usable: Bool
    var problem: String

    /// The wire values of `problem`.
    enum Problem {
        static let none = "none"
        static let noProduct = "no_product"
        static let humanFace = "human_face"
        static let unclear = "unclear"
        static let all = [none, noProduct, humanFace, unclear]
    }

    static let schema = JSONSchema.object([
        ("description", .string),
        ("usable", .boolean),
        ("problem", .string(oneOf: Problem.all)),
    ])

    /// A stated problem wins over `usable`; `usable: false` with no problem named counts as unclear.
    func analysis() throws -> PhotoAnalysis {
        let verdict: PhotoAnalysis.Verdict
        switch problem {
        case Problem.noProduct: verdict = .noProduct
        case Problem.humanFace: verdict = .humanFace
        case Problem.unclear: verdict = .unclear
        case Problem.none: verdict = usable ? .usable : .unclear
        default: throw LLMError.malformed("unknown problem value")
        }
        let line = Self.oneLine(description)
        if verdict == .usable && line.isEmpty {
            throw LLMError.malformed("a usable photo came without a description")
        }
        return PhotoAnalysis(description: line, verdict: verdict)
    }

    /// Collapses whitespace and newlines and cuts at a word boundary to the description limit.
    static func oneLine(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let joined = words.joined(separator: " ")
        let limit = PhotoAnalysis.maxDescriptionLength
        guard joined.count > limit else { return joined }
        let cut = joined.prefix(limit)
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            return String(cut[..<space]).trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
        }
        return String(cut)
    }
}

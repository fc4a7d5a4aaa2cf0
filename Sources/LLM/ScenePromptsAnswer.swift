/// The JSON the prompt writer is told to answer with, and the checks its prompts must pass.
struct ScenePromptsAnswer: Decodable, Sendable {
    var prompts: [String]

    /// Longest prompt kept; video models take a few hundred characters and ignore the rest.
    static let maxPromptLength = 1000

    static func schema(count: Int) -> JSONSchema {
        .object([("prompts", .array(items: .string, minItems: count, maxItems: count))])
    }

    /// The first `count` prompts that are non-empty after sanitising and differ from each other.
    func distinctPrompts(count: Int) throws -> [String] {
        var kept: [String] = []
        var seen: Set<String> = []
        for prompt in prompts where kept.count < count {
            let clean = String(PromptSanitizer.sanitize(prompt).prefix(Self.maxPromptLength))
            let key = clean.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
            guard !key.isEmpty, seen.insert(key).inserted else { continue }
            kept.append(clean)
        }
        guard kept.count == count else {
            throw LLMError.malformed("asked for \(count) distinct prompts, got \(kept.count)")
        }
        return kept
    }
}

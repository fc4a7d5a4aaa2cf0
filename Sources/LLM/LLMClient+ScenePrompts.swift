extension LLMClient {
    /// One call writes `count` (1…`LLMConventions.maxPromptCount`) distinct English scene prompts for an
    /// image-to-video model, faithful to the product in `imageURL`; `format` is the aspect ratio ("9:16").
    /// Extra prompts beyond `count` are dropped; fewer distinct usable ones than `count` is `.malformed`.
    public func writePrompts(description: String?, imageURL: String, count: Int, format: String) throws -> [String] {
        guard (1...LLMConventions.maxPromptCount).contains(count) else {
            throw LLMError.badRequest("between 1 and \(LLMConventions.maxPromptCount) prompts can be asked for")
        }
        var text = "Write exactly \(count) distinct scene prompts for a \(Framing(format).phrase) video of the "
            + "product in this photo."
        if let description = Self.bounded(description) {
            text += "\n\(LLMConventions.productLabel) \(description)"
        }
        let content = try complete(
            system: Instructions.scenePrompts,
            user: [.text(text), .imageURL(imageURL)],
            format: ResponseFormat(name: LLMConventions.scenePromptsSchema, schema: ScenePromptsAnswer.schema(count: count)))
        let answer = try Self.decodeContent(ScenePromptsAnswer.self, from: content)
        return try answer.distinctPrompts(count: count)
    }
}

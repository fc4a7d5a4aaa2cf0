/// The names and labels the client puts on the wire, public so the sandbox's OpenAI stand-in recognises
/// each operation and reads its inputs exactly as a real model would be given them.
public enum LLMConventions {
    /// `response_format.json_schema.name` of `analyzePhoto`.
    public static let photoAnalysisSchema = "photo_analysis"
    /// `response_format.json_schema.name` of `writePrompts`.
    public static let scenePromptsSchema = "scene_prompts"
    /// Starts the user-message line that carries the seller's own words about the product.
    public static let sellerNoteLabel = "Seller's note:"
    /// Starts the user-message line that carries the confirmed product description.
    public static let productLabel = "Product:"
    /// The most prompts one `writePrompts` call asks for.
    public static let maxPromptCount = 10
}

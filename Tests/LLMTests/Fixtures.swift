import HTTPClient
import LLM

enum Fixtures {
    static let apiKey = "sk-test-0123456789abcdef"
    static let model = "gpt-test-vision"
    /// A data URL as the pipeline builds it; the scripted server never decodes it.
    static let imageURL = "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBD"
    static let http = HTTPClient()

    static func client(_ server: ScriptedCompletions, apiKey: String? = Fixtures.apiKey,
                       timeout: Duration = .seconds(10)) -> LLMClient {
        LLMClient(baseURL: server.baseURL, apiKey: apiKey, model: model, http: http, timeout: timeout)
    }

    static func analysisContent(description: String, usable: Bool, problem: String) -> String {
        ScriptedCompletions.jsonText(["description": description, "usable": usable, "problem": problem])
    }

    static func promptsContent(_ prompts: [String]) -> String {
        ScriptedCompletions.jsonText(["prompts": prompts])
    }
}

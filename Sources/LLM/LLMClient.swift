import Foundation
import HTTPClient

/// An OpenAI-compatible Chat Completions client for the two things the bot asks of a model: look at a product
/// photo, and write scene prompts for it. Knows nothing of the bot; every call is bounded by `timeout`.
public final class LLMClient: Sendable {
    public static let defaultTimeout: Duration = .seconds(60)
    /// Our answers are a few kilobytes; anything far larger is not an answer to our question.
    static let maxResponseBytes = 1 << 20

    public let model: String
    public let timeout: Duration
    private let endpoint: String
    private let apiKey: String?
    private let http: HTTPClient

    /// `baseURL` is the API root, such as `https://api.openai.com/v1`; an empty or nil `apiKey` sends no
    /// Authorization header (for local servers that need none).
    public init(baseURL: String, apiKey: String?, model: String, http: HTTPClient, timeout: Duration = defaultTimeout) {
        var base = Substring(baseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        endpoint = base + "/chat/completions"
        self.apiKey = apiKey?.isEmpty == false ? apiKey : nil
        self.model = model
        self.http = http
        self.timeout = timeout
    }

    /// Sends one completion and returns the assistant message's content, or throws the mapped error.
    func complete(system: String, user: [ContentPart], format: ResponseFormat) throws -> String {
        let body = ChatCompletionRequest(
            model: model,
            messages: [ChatMessage(role: .system, content: [.text(system)]), ChatMessage(role: .user, content: user)],
            responseFormat: format)
        var headers: [(String, String)] = [("Accept", "application/json")]
        if let apiKey { headers.append(("Authorization", "Bearer \(apiKey)")) }
        guard var request = try? HTTPClientRequest.json(url: endpoint, body: body, headers: headers) else {
            throw LLMError.badRequest("the request could not be encoded as JSON")
        }
        request.timeout = timeout
        request.maxResponseBytes = Self.maxResponseBytes

        let response: HTTPClientResponse
        do {
            response = try http.send(request)
        } catch let error as HTTPClientError {
            throw LLMError.transport(error)
        }
        guard (200..<300).contains(response.status) else {
            throw APIErrorMapping.error(status: response.status, body: response.body, apiKey: apiKey)
        }
        return try Self.content(of: response.body)
    }

    private static func content(of body: [UInt8]) throws -> String {
        guard let answer = try? JSONDecoder().decode(ChatCompletionResponse.self, from: Data(body)),
              let choice = answer.choices.first else {
            throw LLMError.malformed("the body is not a chat completion")
        }
        if let refusal = choice.message.refusal, !refusal.isEmpty {
            throw LLMError.malformed("the model refused: \(APIErrorMapping.printable(refusal, hiding: nil))")
        }
        if choice.finishReason == "length" {
            throw LLMError.malformed("the answer was cut off at the token limit")
        }
        guard let content = choice.message.content, !content.isEmpty else {
            throw LLMError.malformed("the answer has no content")
        }
        return content
    }

    /// Decodes the assistant's content as the JSON object the schema asked for.
    static func decodeContent<T: Decodable>(_ type: T.Type, from content: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(content.utf8))
        } catch {
            throw LLMError.malformed("the content is not the requested JSON")
        }
    }
}

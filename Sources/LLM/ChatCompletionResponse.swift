/// The parts of a Chat Completions answer this client reads.
struct ChatCompletionResponse: Decodable, Sendable {
    struct Choice: Decodable, Sendable {
        var message: AssistantMessage
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case message
            case finishReason = "finish_reason"
        }
    }

    struct AssistantMessage: Decodable, Sendable {
        var content: String?
        /// Set instead of `content` when the model declines to answer under structured outputs.
        var refusal: String?
    }

    var choices: [Choice]
}

/// `{"error":{"message":…,"type":…,"code":…}}`. Decoded leniently: compatible servers differ in which of
/// these they send and whether `code` is a string, a number or null.
struct APIErrorEnvelope: Decodable, Sendable {
    struct Body: Decodable, Sendable {
        var message: String?
        var type: String?
        var code: String?

        enum CodingKeys: String, CodingKey {
            case message, type, code
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try? container.decodeIfPresent(String.self, forKey: .message)
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            code = (try? container.decodeIfPresent(String.self, forKey: .code))
                ?? (try? container.decodeIfPresent(Int.self, forKey: .code)).flatMap { $0.map(String.init) }
        }
    }

    var error: Body
}

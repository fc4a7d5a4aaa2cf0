import Foundation
import HTTPServer
import JSON

/// The success body of Chat Completions: `id`, `object`, `created`, `model`, one choice, `usage`.
enum OpenAICompletionEnvelope {
    static func response(id: String, model: String, content: String, promptBytes: Int) -> HTTPResponse {
        // Roughly four bytes a token, as OpenAI's own rule of thumb.
        let promptTokens = max(1, promptBytes / 4), completionTokens = max(1, content.utf8.count / 4)
        let body = JSONValue.object([
            "id": .string(id),
            "object": .string("chat.completion"),
            "created": .integer(Int(Date().timeIntervalSince1970)),
            "model": .string(model),
            "choices": .array([.object([
                "index": .integer(0),
                "message": .object([
                    "role": .string("assistant"), "content": .string(content), "refusal": .null,
                    "annotations": .array([]),
                ]),
                "logprobs": .null,
                "finish_reason": .string("stop"),
            ])]),
            "usage": .object([
                "prompt_tokens": .integer(promptTokens),
                "completion_tokens": .integer(completionTokens),
                "total_tokens": .integer(promptTokens + completionTokens),
            ]),
            "system_fingerprint": .string("fp_sandbox"),
        ])
        return HTTPResponse.json(body.serialized())
    }
}

/// The body of `POST /chat/completions` as this client sends it: one system and one user message, the user
/// message carrying text and an image, and a strict JSON schema the answer must follow.
struct ChatCompletionRequest: Encodable, Sendable {
    var model: String
    var messages: [ChatMessage]
    var responseFormat: ResponseFormat

    enum CodingKeys: String, CodingKey {
        case model, messages
        case responseFormat = "response_format"
    }
}

struct ChatMessage: Encodable, Sendable {
    enum Role: String, Encodable, Sendable {
        case system, user
    }

    var role: Role
    var content: [ContentPart]
}

/// `{"type":"text","text":…}` or `{"type":"image_url","image_url":{"url":…}}`.
enum ContentPart: Encodable, Sendable {
    case text(String)
    /// A `data:image/…;base64,…` URL or an http(s) URL the API fetches itself.
    case imageURL(String)

    private enum CodingKeys: String, CodingKey {
        case type, text
        case imageURL = "image_url"
    }

    private struct ImageURL: Encodable {
        var url: String
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try container.encode("text", forKey: .type)
            try container.encode(text, forKey: .text)
        case .imageURL(let url):
            try container.encode("image_url", forKey: .type)
            try container.encode(ImageURL(url: url), forKey: .imageURL)
        }
    }
}

/// `{"type":"json_schema","json_schema":{"name":…,"strict":true,"schema":…}}`
struct ResponseFormat: Encodable, Sendable {
    struct NamedSchema: Encodable, Sendable {
        var name: String
        var strict = true
        var schema: JSONSchema
    }

    var type = "json_schema"
    var jsonSchema: NamedSchema

    init(name: String, schema: JSONSchema) {
        jsonSchema = NamedSchema(name: name, schema: schema)
    }

    enum CodingKeys: String, CodingKey {
        case type
        case jsonSchema = "json_schema"
    }
}

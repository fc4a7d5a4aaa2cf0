import Foundation
import JSON

/// A `POST /v1/chat/completions` body, checked the way OpenAI checks it: a model, a non-empty messages array
/// of known roles, content as a string or as text and image_url parts (images from users only), and a
/// well-formed response_format.
struct OpenAIChatRequest: Sendable {
    static let maxMessages = 256
    static let maxPartsPerMessage = 100
    static let maxImages = 20
    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool"]
    static let imageDetails: Set<String> = ["low", "high", "auto"]

    let model: String
    /// Every text the system, developer and user messages carry, in order.
    let texts: [String]
    let imageURLs: [String]
    /// `json_schema.name` when the answer must follow a schema.
    let schemaName: String?
    let schema: JSONValue?
    /// "text", "json_object" or "json_schema".
    let answerFormat: String

    var operation: OpenAICallRecord.Operation {
        switch schemaName {
        case OpenAICallRecord.Operation.photoAnalysis.rawValue: .photoAnalysis
        case OpenAICallRecord.Operation.scenePrompts.rawValue: .scenePrompts
        default: .other
        }
    }

    init(body: [UInt8]) throws {
        guard let json = JSONValue.parse(body), case .object(let members) = json else {
            throw OpenAIAPIError.invalidRequest(
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your "
                    + "HTTP library correctly. The OpenAI API expects a JSON payload.)")
        }
        guard case .string(let model)? = members["model"], !model.isEmpty else {
            throw OpenAIAPIError.invalidRequest("you must provide a model parameter", param: "model")
        }
        self.model = model
        guard case .array(let messages)? = members["messages"] else {
            throw OpenAIAPIError.invalidRequest("Missing required parameter: 'messages'.", param: "messages",
                                                code: "missing_required_parameter")
        }
        guard !messages.isEmpty, messages.count <= Self.maxMessages else {
            throw OpenAIAPIError.invalidRequest(
                "'messages' must hold between 1 and \(Self.maxMessages) messages.", param: "messages")
        }
        var texts: [String] = [], images: [String] = []
        for (index, message) in messages.enumerated() {
            try Self.read(message, at: "messages[\(index)]", texts: &texts, images: &images)
        }
        guard images.count <= Self.maxImages else {
            throw OpenAIAPIError.invalidRequest("Too many images: at most \(Self.maxImages) per request.",
                                                param: "messages")
        }
        self.texts = texts
        imageURLs = images
        (answerFormat, schemaName, schema) = try Self.readResponseFormat(members["response_format"])
    }

    private static func read(_ message: JSONValue, at path: String, texts: inout [String], images: inout [String]) throws {
        guard case .object(let fields) = message else {
            throw OpenAIAPIError.invalidRequest("Invalid type for '\(path)': expected an object.", param: path,
                                                code: "invalid_type")
        }
        guard case .string(let role)? = fields["role"], roles.contains(role) else {
            throw OpenAIAPIError.invalidRequest(
                "Invalid value for '\(path).role': supported values are 'system', 'developer', 'user', 'assistant' "
                    + "and 'tool'.", param: "\(path).role", code: "invalid_value")
        }
        switch fields["content"] {
        case .string(let text)?:
            if role != "assistant" { texts.append(text) }
        case .array(let parts)?:
            guard !parts.isEmpty, parts.count <= maxPartsPerMessage else {
                throw OpenAIAPIError.invalidRequest(
                    "'\(path).content' must hold between 1 and \(maxPartsPerMessage) parts.", param: "\(path).content")
            }
            for (index, part) in parts.enumerated() {
                try readPart(part, at: "\(path).content[\(index)]", role: role, texts: &texts, images: &images)
            }
        case .null?, nil:
            // Only an assistant turn (one that called tools) may come without content.
            guard role == "assistant" else { throw invalidContent(at: path) }
        default:
            throw invalidContent(at: path)
        }
    }

    private static func invalidContent(at path: String) -> OpenAIAPIError {
        OpenAIAPIError.invalidRequest("Invalid type for '\(path).content': expected a string or an array of content parts.",
                                      param: "\(path).content", code: "invalid_type")
    }

    private static func readPart(_ part: JSONValue, at path: String, role: String,
                                 texts: inout [String], images: inout [String]) throws {
        switch part["type"]?.stringValue {
        case "text":
            guard case .string(let text)? = part["text"] else {
                throw OpenAIAPIError.invalidRequest("Missing required parameter: '\(path).text'.",
                                                    param: "\(path).text", code: "missing_required_parameter")
            }
            if role != "assistant" { texts.append(text) }
        case "image_url":
            guard case .string(let url)? = part["image_url"]?["url"], !url.isEmpty else {
                throw OpenAIAPIError.invalidRequest("Missing required parameter: '\(path).image_url.url'.",
                                                    param: "\(path).image_url.url", code: "missing_required_parameter")
            }
            if let detail = part["image_url"]?["detail"], !(detail.stringValue.map(imageDetails.contains) ?? false) {
                throw OpenAIAPIError.invalidRequest(
                    "Invalid value for '\(path).image_url.detail': supported values are 'low', 'high' and 'auto'.",
                    param: "\(path).image_url.detail", code: "invalid_value")
            }
            guard role == "user" else {
                throw OpenAIAPIError.invalidRequest("Image URLs are only allowed for messages with role 'user'.",
                                                    param: path, code: "invalid_content")
            }
            images.append(url)
        default:
            throw OpenAIAPIError.invalidRequest(
                "Invalid value for '\(path).type': supported values are 'text' and 'image_url'.",
                param: "\(path).type", code: "invalid_value")
        }
    }

    private static func readResponseFormat(_ value: JSONValue?) throws -> (String, String?, JSONValue?) {
        guard let value, value != .null else { return ("text", nil, nil) }
        switch value["type"]?.stringValue {
        case "text": return ("text", nil, nil)
        case "json_object": return ("json_object", nil, nil)
        case "json_schema":
            guard case .string(let name)? = value["json_schema"]?["name"], isValidSchemaName(name) else {
                throw OpenAIAPIError.invalidRequest(
                    "Invalid 'response_format.json_schema.name': a string of 1 to 64 letters, digits, '_' or '-'.",
                    param: "response_format.json_schema.name", code: "invalid_value")
            }
            guard case .object? = value["json_schema"]?["schema"] else {
                throw OpenAIAPIError.invalidRequest("Invalid 'response_format.json_schema.schema': expected an object.",
                                                    param: "response_format.json_schema.schema", code: "invalid_type")
            }
            return ("json_schema", name, value["json_schema"]?["schema"])
        default:
            throw OpenAIAPIError.invalidRequest(
                "Invalid value for 'response_format.type': supported values are 'text', 'json_object' and "
                    + "'json_schema'.", param: "response_format.type", code: "invalid_value")
        }
    }

    private static func isValidSchemaName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-"
        }
    }
}

import Foundation
import JSON
import LLM

/// The stand-in's assistant content as JSON, and what it reads from the request's texts. Deterministic: the same
/// request always gets the same answer.
enum OpenAIAnswers {
    static let defaultPromptCount = 3
    /// The most prompts the stand-in writes in one answer.
    static let maxPromptCount = 20

    /// `{"description","usable","problem"}`.
    static func photoAnalysis(description: String, verdict: PhotoAnalysis.Verdict) -> String {
        let problem = switch verdict {
        case .usable: "none"
        case .noProduct: "no_product"
        case .humanFace: "human_face"
        case .unclear: "unclear"
        }
        return text(.object([
            "description": .string(description), "usable": .bool(verdict == .usable), "problem": .string(problem),
        ]))
    }

    /// `{"prompts":[…]}`.
    static func scenePrompts(_ prompts: [String]) -> String {
        text(.object(["prompts": .array(prompts.map(JSONValue.string))]))
    }

    /// The prompt count a prompts call asks for: the schema's `minItems`, else "exactly N" in the text.
    static func requestedPromptCount(schema: JSONValue?, texts: [String]) -> Int {
        if case .integer(let count)? = schema?["properties"]?["prompts"]?["minItems"] {
            return min(max(count, 1), maxPromptCount)
        }
        for text in texts {
            if let match = text.firstMatch(of: #/exactly (\d{1,3})/#), let count = Int(match.output.1) {
                return min(max(count, 1), maxPromptCount)
            }
        }
        return defaultPromptCount
    }

    /// The rest of the first line in `texts` that starts with `label`.
    static func labelledLine(_ label: String, in texts: [String]) -> String? {
        for text in texts {
            for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix(label) {
                let value = line.dropFirst(label.count).trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    private static func text(_ json: JSONValue) -> String {
        String(decoding: json.serialized(), as: UTF8.self)
    }

    static let notJSON = "Sure! Here is what I see in the photo: a nice product. (This answer is not JSON.)"
}

extension OpenAIAnswers {
    /// Whether the bot asked for the description in Russian ("Write the description in Russian.").
    static func wantsRussian(_ texts: [String]) -> Bool {
        texts.contains { $0.contains("in Russian") }
    }

    /// The framing a prompts call names: "vertical 9:16" from "… for a vertical 9:16 video of the product …".
    static func framing(in texts: [String]) -> String? {
        for text in texts {
            if let match = text.firstMatch(of: #/for an? ([^.]{1,40}?) video/#) { return String(match.output.1) }
        }
        return nil
    }
}

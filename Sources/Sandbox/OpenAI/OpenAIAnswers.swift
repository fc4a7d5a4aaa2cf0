import Foundation
import JSON
import LLM

/// The stand-in's deterministic assistant content: the same request always gets the same answer.
enum OpenAIAnswers {
    static let defaultPromptCount = 3
    /// The most prompts the stand-in writes in one answer.
    static let maxPromptCount = 20

    static let cameraMoves = ["slow orbit", "gentle dolly-in", "smooth crane down", "lateral tracking slide",
                              "slow tilt up"]
    static let settings = ["a seamless white studio", "a sunlit wooden tabletop", "a dark velvet backdrop",
                           "a pale concrete plinth", "a bright outdoor terrace"]
    static let lights = ["soft diffused light", "warm window light", "crisp rim light", "cool morning light",
                         "golden-hour sunlight"]

    /// `{"description","usable","problem"}`: the seller's note if there is one, else the image size.
    static func photoAnalysis(hint: String?, image: OpenAICallRecord.Image?, verdict: PhotoAnalysis.Verdict) -> String {
        let description: String
        if let hint, !hint.isEmpty {
            description = String(hint.prefix(PhotoAnalysis.maxDescriptionLength))
        } else if let width = image?.width, let height = image?.height {
            description = "Product photo (\(width)×\(height))"
        } else {
            description = "Product photo"
        }
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

    /// `{"prompts":[…]}` with `count` prompts, each naming its scene number so all differ.
    static func scenePrompts(product: String?, count: Int) -> String {
        let subject = product.map { "the product (\($0.prefix(200)))" } ?? "the product"
        let prompts = (0..<count).map { index in
            let move = cameraMoves[index % cameraMoves.count]
            let setting = settings[(index / cameraMoves.count + index) % settings.count]
            let light = lights[(index * 2) % lights.count]
            return "Sandbox scene \(index + 1) of \(count): \(move) around \(subject) on \(setting) in \(light); "
                + "the product keeps its exact shape, colour and logo."
        }
        return text(.object(["prompts": .array(prompts.map(JSONValue.string))]))
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

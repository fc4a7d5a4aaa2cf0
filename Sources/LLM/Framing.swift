import Foundation

/// How an aspect ratio such as "9:16" is named in a prompt.
struct Framing: Sendable {
    let phrase: String

    init(_ format: String) {
        switch format.trimmingCharacters(in: .whitespaces) {
        case "9:16": phrase = "vertical 9:16"
        case "16:9": phrase = "horizontal 16:9"
        case "1:1": phrase = "square 1:1"
        case "3:4": phrase = "vertical 3:4"
        case "4:3": phrase = "horizontal 4:3"
        default: phrase = "vertical 9:16"
        }
    }
}

import Foundation

/// The scene prompt as the caption drawn on the KIE stand-in's video: wrapped to the frame's width in whole words,
/// cut with an ellipsis after a few lines, sized to the frame.
struct Caption: Sendable, Equatable {
    let lines: [String]
    let fontSize: Int

    /// The average advance of a character of the caption font (DejaVu Sans Bold), in ems.
    static let characterWidth = 0.62
    /// The share of the frame's width the text may take.
    static let widthShare = 0.86

    init(prompt: String, frameWidth: Int, frameHeight: Int) {
        fontSize = max(10, Int((Double(min(frameWidth, frameHeight)) * 0.042).rounded()))
        let perLine = max(12, Int(Double(frameWidth) * Self.widthShare / (Double(fontSize) * Self.characterWidth)))
        lines = Self.wrap(prompt, perLine: perLine, maxLines: frameHeight > frameWidth ? 5 : 3)
    }

    /// `text` in lines of at most `perLine` characters, broken between words (a longer word is cut), at most
    /// `maxLines` of them; the last ends in "…" when text was left out.
    static func wrap(_ text: String, perLine: Int, maxLines: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)[...]
        while let word = words.first {
            let piece = word.count > perLine ? String(word.prefix(perLine)) : word
            let candidate = current.isEmpty ? piece : current + " " + piece
            if candidate.count <= perLine {
                current = candidate
                words = words.dropFirst()
                continue
            }
            lines.append(current)
            current = ""
            if lines.count == maxLines { break }
        }
        if !current.isEmpty && lines.count < maxLines { lines.append(current) }
        if !words.isEmpty, let last = lines.popLast() {
            let room = perLine - 1
            let cut = last.count > room ? String(last.prefix(room)).trimmingCharacters(in: .whitespaces) : last
            lines.append(cut + "…")
        }
        return lines
    }

    var text: String { lines.joined(separator: "\n") }
}

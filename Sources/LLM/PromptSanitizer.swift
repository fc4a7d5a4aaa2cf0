import Foundation

/// Marketplace rules as a last line of defence: whatever a model (or a seller's description) put into a
/// prompt, no URL, e-mail, handle, phone number, price or "best"/"#1" claim reaches the video model.
public enum PromptSanitizer {
    public static func sanitize(_ text: String) -> String {
        var result = text
        for pattern in removedPatterns {
            result = result.replacing(pattern, with: " ")
        }
        result = result.replacing(#/\+?\d[\d\s().-]{5,}\d/#) { match in
            match.output.filter(\.isNumber).count >= minPhoneDigits ? " " : String(match.output)
        }
        return tidy(result)
    }

    /// Fewer digits than this is a size, a year or a ratio, not a phone number.
    static let minPhoneDigits = 7

    /// Each is removed wherever it matches, in this order (addresses first: they contain digits). Built per
    /// call: `Regex` is not `Sendable`, and a handful of prompts makes the cost negligible.
    private static var removedPatterns: [Regex<Substring>] {
        [
            #/(?:https?://|www\.)\S+/#.ignoresCase(),
            #/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/#,
            #/\b[\w-]+(?:\.[\w-]+)*\.(?:com|ru|net|org|shop|store|io|co|su|рф|info|biz|me)\b(?:/\S*)?/#.ignoresCase(),
            #/(?:^|\s)@\w{3,}/#,
            #/(?:[$€£₽¥]|\b(?:usd|eur|rub)\b)\s?\d+(?:[\s.,]\d+)*/#.ignoresCase(),
            #/\d+(?:[\s.,]\d+)*\s?(?:[$€£₽¥]|(?:руб(?:лей|ля|ль)?|р|usd|eur|rub|dollars?|euros?|rubles?|roubles?)(?!\w)\.?)/#
                .ignoresCase(),
            #/\d+\s?%\s?(?:off|discount|скидк\w*)|-\d+\s?%/#.ignoresCase(),
            #/\b(?:prices?|priced|discounts?|on sale|цен[аыеу]|скидк\w*)\b/#.ignoresCase(),
            #/(?:#|№)\s?1(?!\d)|\b(?:number one|no\.\s?1)(?!\d)/#.ignoresCase(),
            #/\b(?:the\s+)?(?:best(?:[\s-]selling)?|bestsell\w*|top[\s-]rated|unbeatable|самы\w*\s+лучш\w*|лучш\w*)\b/#
                .ignoresCase(),
        ]
    }

    /// Closes the gaps the removals leave: repeated spaces, spaces before punctuation, doubled or leading commas.
    private static func tidy(_ text: String) -> String {
        var result = text.replacing(#/\s+/#, with: " ")
        result = result.replacing(#/ ([,.;:!?)])/#) { String($0.output.1) }
        result = result.replacing(#/\(\s*\)/#, with: "")
        result = result.replacing(#/([,;:])(?:\s*[,;:])+/#) { String($0.output.1) }
        result = result.replacing(#/,\s*\./#, with: ".")
        result = result.replacing(#/\s+/#, with: " ")
        return result.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: ",;:")))
    }
}

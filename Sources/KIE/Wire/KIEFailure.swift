import Foundation

/// Reading a failed task's `failCode` / `failMsg`. KIE has no machine-readable "content policy" flag; these are
/// heuristics over the codes and wording KIE and its upstream models are known to use, kept in one place so
/// the pipeline's error classifier has one thing to ask.
public enum KIEFailure {
    /// Phrases that mean the prompt or the photo was refused on content grounds.
    static let policyPhrases = [
        "prohibited", "content policy", "content policies", "sensitive", "nsfw", "inappropriate",
        "violat", "moderat", "unsafe", "flagged", "not allowed content", "minor upload", "prominent people",
    ]
    /// Whole words (not substrings: "interface" must not match "face").
    static let policyWords: Set<String> = ["face", "faces", "person", "persons", "people", "celebrity", "minor", "minors"]

    /// Heuristic: true when the failure looks like a content-policy refusal (failCode 422, or wording such as
    /// "prohibited", "content policy", "sensitive", "NSFW", or a face/person in the photo). Such failures are
    /// the user's to fix; retrying the same input will fail again.
    public static func isContentPolicy(failCode: String?, failMsg: String?) -> Bool {
        if failCode?.trimmingCharacters(in: .whitespaces) == "422" { return true }
        guard let text = failMsg?.lowercased(), !text.isEmpty else { return false }
        if policyPhrases.contains(where: { text.contains($0) }) { return true }
        let words = text.split { !$0.isLetter }.map(String.init)
        return words.contains { policyWords.contains($0) }
    }
}

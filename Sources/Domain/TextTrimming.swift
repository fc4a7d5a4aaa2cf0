extension StringProtocol {
    /// Without leading and trailing whitespace (Domain has no Foundation to ask).
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

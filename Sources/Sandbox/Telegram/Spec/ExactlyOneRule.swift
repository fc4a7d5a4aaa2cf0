/// "Exactly one of the fields other than text, icon_custom_emoji_id, and style must be used to specify the type
/// of the button." (InlineKeyboardButton): a type whose description says so must carry exactly one of the
/// remaining fields.
struct ExactlyOneRule: Sendable {
    /// The fields of which exactly one must be present.
    var candidates: [String]
    var exempt: [String]

    init?(type: SpecType) {
        let text = type.description.joined(separator: " ")
        guard let match = text.firstMatch(of: #/Exactly one of the fields other than (.+?) must be used/#) else {
            return nil
        }
        let exempt = match.1.replacing(" and ", with: ",").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        self.exempt = exempt
        candidates = type.fields.map(\.name).filter { !exempt.contains($0) }
        if candidates.isEmpty { return nil }
    }
}

/// A type as the spec writes it: "Integer", "InlineKeyboardMarkup", "Array of Array of InlineKeyboardButton".
indirect enum SpecTypeExpression: Sendable, Equatable, CustomStringConvertible {
    case named(String)
    case array(of: SpecTypeExpression)

    init(parsing text: String) {
        let prefix = "Array of "
        if text.hasPrefix(prefix) {
            self = .array(of: SpecTypeExpression(parsing: String(text.dropFirst(prefix.count))))
        } else {
            self = .named(text)
        }
    }

    var description: String {
        switch self {
        case .named(let name): name
        case .array(let element): "Array of \(element)"
        }
    }

    var isScalar: Bool {
        if case .named(let name) = self { return Self.scalarNames.contains(name) }
        return false
    }

    /// The spec's only non-object field types; InputFile is an (empty) object type sent as an upload.
    static let scalarNames: Set<String> = ["String", "Integer", "Float", "Boolean"]
}

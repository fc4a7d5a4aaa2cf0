import JSON

/// One field of a model's `input` object as KIE's docs describe it: the JSON type KIE insists on, whether it
/// is required, and the values or lengths it accepts. The catalogue builds inputs that satisfy these rules;
/// the KIE stand-in rejects requests that break them, the way KIE does.
public struct KIEInputField: Sendable, Hashable {
    public enum ValueType: Sendable, Hashable {
        case string
        /// A JSON number without a fraction (`5`, never `5.5` or `"5"`).
        case integer
        /// Any JSON number (`5` or `5.0`, never `"5"`).
        case number
        case boolean
        case stringArray(maxItems: Int?)

        public var name: String {
            switch self {
            case .string: "string"
            case .integer: "integer"
            case .number: "number"
            case .boolean: "boolean"
            case .stringArray: "array of strings"
            }
        }
    }

    public let name: String
    public let type: ValueType
    public let required: Bool
    /// The only values accepted, when the docs give an enum or a range.
    public let allowedValues: [JSONValue]?
    /// For strings: the longest accepted, in characters.
    public let maxLength: Int?
    /// For strings: the shortest accepted, in characters.
    public let minLength: Int?

    public init(_ name: String, _ type: ValueType, required: Bool = false, allowed: [JSONValue]? = nil,
                minLength: Int? = nil, maxLength: Int? = nil) {
        self.name = name
        self.type = type
        self.required = required
        allowedValues = allowed
        self.minLength = minLength
        self.maxLength = maxLength
    }
}

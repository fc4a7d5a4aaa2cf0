/// The subset of JSON Schema that OpenAI's strict structured outputs accept, enough for our two answers.
/// Every object lists all its properties as required and forbids others, as strict mode demands.
indirect enum JSONSchema: Encodable, Sendable {
    case string(oneOf: [String]?)
    case boolean
    case array(items: JSONSchema, minItems: Int?, maxItems: Int?)
    /// Properties in the order the model should write them.
    case object([(name: String, schema: JSONSchema)])

    static let string = JSONSchema.string(oneOf: nil)

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .string(let values):
            try container.encode("string", forKey: Key("type"))
            if let values { try container.encode(values, forKey: Key("enum")) }
        case .boolean:
            try container.encode("boolean", forKey: Key("type"))
        case .array(let items, let minItems, let maxItems):
            try container.encode("array", forKey: Key("type"))
            try container.encode(items, forKey: Key("items"))
            if let minItems { try container.encode(minItems, forKey: Key("minItems")) }
            if let maxItems { try container.encode(maxItems, forKey: Key("maxItems")) }
        case .object(let properties):
            try container.encode("object", forKey: Key("type"))
            var nested = container.nestedContainer(keyedBy: Key.self, forKey: Key("properties"))
            for property in properties {
                try nested.encode(property.schema, forKey: Key(property.name))
            }
            try container.encode(properties.map(\.name), forKey: Key("required"))
            try container.encode(false, forKey: Key("additionalProperties"))
        }
    }
}

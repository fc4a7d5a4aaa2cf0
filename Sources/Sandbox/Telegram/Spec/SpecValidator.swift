import JSON

/// Checks one call against the spec: required parameters present, every value of one of the field's types
/// (objects recursively, by the spec's `types`), and the limits the descriptions state. Parameters the spec
/// does not list are ignored, as Telegram ignores them.
struct SpecValidator: Sendable {
    let spec: BotAPISpec

    /// Why the call is invalid (the text after "Bad Request: "), or nil when it is valid.
    func violation(in method: SpecMethod, parameters: CallParameters) -> String? {
        for field in method.fields {
            guard let value = parameters[field.name] else {
                if field.required { return TelegramWording.missingParameter(field.name) }
                continue
            }
            let place = ValuePlace.parameter(method: method.name, field: field.name)
            let outcome = CheckOutcome.best(of: field.types.map {
                checkParameter(value, as: $0, limits: field.limits, place: place, parameters: parameters)
            })
            switch outcome {
            case .valid: continue
            case .wrongType: return TelegramWording.wrongType(place, expected: field.types)
            case .missingRequired(let reason), .invalid(let reason): return reason
            }
        }
        return nil
    }

    /// A top-level parameter: scalars may arrive as text, objects and arrays as JSON-serialized text.
    private func checkParameter(_ value: ParameterValue, as type: SpecTypeExpression, limits: FieldLimits,
                                place: ValuePlace, parameters: CallParameters) -> CheckOutcome {
        if type == .named("InputFile") {
            switch value {
            case .file: return .valid
            case .text(let text), .json(.string(let text)):
                // "attach://<part>" names a file part of the same multipart request.
                guard text.hasPrefix("attach://"), parameters.file(String(text.dropFirst(9))) != nil else {
                    return .wrongType
                }
                return .valid
            case .json: return .wrongType
            }
        }
        if type.isScalar, case .named(let name) = type {
            guard let scalar = Self.coerceScalar(value, to: name) else { return .wrongType }
            return checkLimits(scalar, limits: limits, place: place)
        }
        let json: JSONValue
        switch value {
        case .file: return .wrongType
        case .text(let text), .json(.string(let text)):
            guard let parsed = JSONValue.parse(Array(text.utf8)) else {
                return .invalid(TelegramWording.unparsable(place))
            }
            json = parsed
        case .json(let typed):
            json = typed
        }
        return checkJSON(json, as: type, limits: limits, place: place)
    }

    /// Telegram reads top-level scalars from text, so "42" is an Integer and "true" a Boolean.
    private static func coerceScalar(_ value: ParameterValue, to name: String) -> JSONValue? {
        switch (name, value) {
        case ("String", .text(let text)), ("String", .json(.string(let text))): .string(text)
        case ("String", .json(.integer(let number))): .string(String(number))
        case ("String", .json(.number(let number))): .string(String(number))
        case ("Integer", .text(let text)), ("Integer", .json(.string(let text))): Int(text).map(JSONValue.integer)
        case ("Integer", .json(.integer(let number))): .integer(number)
        case ("Float", .text(let text)), ("Float", .json(.string(let text))): Double(text).map(JSONValue.number)
        case ("Float", .json(.integer(let number))): .number(Double(number))
        case ("Float", .json(.number(let number))): .number(number)
        case ("Boolean", .text(let text)), ("Boolean", .json(.string(let text))):
            FormURLDecoding.boolean(text).map(JSONValue.bool)
        case ("Boolean", .json(.bool(let flag))): .bool(flag)
        default: nil
        }
    }

    /// A value inside JSON: types must match exactly.
    private func checkJSON(_ value: JSONValue, as type: SpecTypeExpression, limits: FieldLimits,
                           place: ValuePlace) -> CheckOutcome {
        switch type {
        case .array(let element):
            guard case .array(let items) = value else { return .wrongType }
            if let maxItems = limits.maxItems, items.count > maxItems {
                return .invalid(TelegramWording.tooManyItems(place, max: maxItems))
            }
            var elementLimits = limits
            elementLimits.maxItems = nil
            for item in items {
                switch checkJSON(item, as: element, limits: elementLimits, place: place) {
                case .valid: continue
                case .wrongType: return .invalid(TelegramWording.wrongType(place, expected: [type]))
                case .missingRequired(let reason), .invalid(let reason): return .invalid(reason)
                }
            }
            return .valid
        case .named("String"), .named("InputFile"):
            guard case .string = value else { return .wrongType }
            return checkLimits(value, limits: limits, place: place)
        case .named("Integer"):
            guard case .integer = value else { return .wrongType }
            return checkLimits(value, limits: limits, place: place)
        case .named("Float"):
            switch value {
            case .integer, .number: return .valid
            default: return .wrongType
            }
        case .named("Boolean"):
            guard case .bool = value else { return .wrongType }
            return .valid
        case .named(let typeName):
            return checkObject(value, typeName: typeName)
        }
    }

    private func checkObject(_ value: JSONValue, typeName: String) -> CheckOutcome {
        guard let type = spec.types[typeName] else { return .valid }
        if !type.subtypes.isEmpty {
            return CheckOutcome.best(of: type.subtypes.map { checkObject(value, typeName: $0) })
        }
        guard case .object(let members) = value else { return .wrongType }
        for field in type.fields {
            let place = ValuePlace.field(type: typeName, field: field.name)
            guard let member = members[field.name], member != .null else {
                if field.required { return .missingRequired(TelegramWording.missingField(place)) }
                continue
            }
            switch CheckOutcome.best(of: field.types.map { checkJSON(member, as: $0, limits: field.limits, place: place) }) {
            case .valid: continue
            case .wrongType: return .invalid(TelegramWording.wrongType(place, expected: field.types))
            // A nested object missing a field is this object's invalid content, not a sign of another type.
            case .missingRequired(let reason), .invalid(let reason): return .invalid(reason)
            }
        }
        if let rule = ExactlyOneRule(type: type) {
            let used = rule.candidates.filter { members[$0] != nil && members[$0] != .null }
            if used.count != 1 {
                return .invalid(TelegramWording.exactlyOneViolated(typeName: typeName, rule: rule, usedCount: used.count))
            }
        }
        return .valid
    }

    private func checkLimits(_ value: JSONValue, limits: FieldLimits, place: ValuePlace) -> CheckOutcome {
        switch value {
        case .string(let text):
            guard let length = limits.length else { return .valid }
            let measured = FieldLimits.measure(text, in: length.unit)
            if measured < length.range.lowerBound {
                return .invalid(TelegramWording.tooShort(place, range: length.range, unit: length.unit))
            }
            if measured > length.range.upperBound {
                return .invalid(TelegramWording.tooLong(place, range: length.range, unit: length.unit))
            }
            return .valid
        case .integer(let number):
            guard let range = limits.integerRange, !range.contains(Int64(number)) else { return .valid }
            return .invalid(TelegramWording.outOfRange(place, range: range))
        default:
            return .valid
        }
    }
}

/// Where a value sits, for the wording of an error about it.
enum ValuePlace: Sendable, Equatable {
    case parameter(method: String, field: String)
    case field(type: String, field: String)

    var fieldName: String {
        switch self {
        case .parameter(_, let field), .field(_, let field): field
        }
    }
}

/// How well a value fits one of a field's types. With several candidate types, the most telling failure wins:
/// content that is wrong for its own type says more than a missing field, which says more than a type mismatch.
enum CheckOutcome: Sendable, Equatable {
    case valid
    case wrongType
    case missingRequired(String)
    case invalid(String)

    static func best(of outcomes: [CheckOutcome]) -> CheckOutcome {
        if outcomes.isEmpty || outcomes.contains(.valid) { return .valid }
        return outcomes.max { $0.rank < $1.rank } ?? .wrongType
    }

    private var rank: Int {
        switch self {
        case .valid: 3
        case .invalid: 2
        case .missingRequired: 1
        case .wrongType: 0
        }
    }
}

import JSON

/// Why KIE would refuse an `input` object, with the code KIE answers: 500 for a missing field (KIE's own
/// choice, seen in probes: "<field> is required"), 422 for a wrong type or value.
public struct KIEInputViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: Int
    public let message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

extension KIEModel {
    /// Checks `input` against the model's documented fields; nil when KIE would accept it.
    public func violation(in input: [String: JSONValue]) -> KIEInputViolation? {
        for field in inputFields where field.required && (input[field.name] == nil || input[field.name] == .null) {
            return KIEInputViolation(code: 500, message: "\(field.name) is required")
        }
        for (name, value) in input.sorted(by: { $0.key < $1.key }) {
            guard let field = field(named: name) else {
                if rejectsUnknownFields {
                    return KIEInputViolation(code: 422, message: "input.\(name) is not a supported parameter")
                }
                continue
            }
            if let violation = field.violation(by: value) { return violation }
        }
        return nil
    }
}

extension KIEInputField {
    func violation(by value: JSONValue) -> KIEInputViolation? {
        guard matchesType(value) else {
            return KIEInputViolation(code: 422, message: "input.\(name) must be of type \(type.name)")
        }
        if let allowedValues, !allowedValues.contains(where: { Self.equalAllowing(value, $0) }) {
            let listed = allowedValues.map { String(decoding: $0.serialized(), as: UTF8.self) }.joined(separator: ", ")
            return KIEInputViolation(code: 422, message: "input.\(name) must be one of: \(listed)")
        }
        if case .string(let text) = value {
            if let maxLength, text.count > maxLength {
                return KIEInputViolation(code: 422, message: "input.\(name) must be at most \(maxLength) characters")
            }
            if let minLength, text.count < minLength {
                return KIEInputViolation(code: 422, message: "input.\(name) must be at least \(minLength) characters")
            }
        }
        if case .stringArray(let maxItems?) = type, let count = value.arrayValue?.count, count > maxItems {
            return KIEInputViolation(code: 422, message: "input.\(name) accepts at most \(maxItems) items")
        }
        return nil
    }

    private func matchesType(_ value: JSONValue) -> Bool {
        switch (type, value) {
        case (.string, .string), (.boolean, .bool), (.integer, .integer), (.number, .integer), (.number, .number):
            return true
        case (.integer, .number(let fraction)):
            return value.intValue != nil && fraction.isFinite
        case (.stringArray, .array(let items)):
            return items.allSatisfy { $0.stringValue != nil }
        default:
            return false
        }
    }

    /// `5` and `5.0` are the same number to a number field.
    private static func equalAllowing(_ value: JSONValue, _ allowed: JSONValue) -> Bool {
        if let number = value.doubleValue, let allowedNumber = allowed.doubleValue { return number == allowedNumber }
        return value == allowed
    }
}

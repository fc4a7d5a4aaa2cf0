import JSON

/// A model's `duration` field: KIE rejects a number where the model wants a string and the reverse, so the
/// type is part of the catalogue, together with the lengths the model accepts.
public struct KIEDurationField: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `"duration": 5`
        case number
        /// `"duration": "5"`
        case string
    }

    public let kind: Kind
    /// Accepted lengths in seconds.
    public let allowedSeconds: [Int]
    /// The length this service asks for unless told otherwise (about five seconds, valid for the model).
    public let defaultSeconds: Int

    public init(kind: Kind, allowedSeconds: [Int], defaultSeconds: Int) {
        precondition(allowedSeconds.contains(defaultSeconds), "the default duration must be an allowed one")
        self.kind = kind
        self.allowedSeconds = allowedSeconds
        self.defaultSeconds = defaultSeconds
    }

    /// The JSON value for `seconds`, typed as the model wants it.
    public func value(seconds: Int) -> JSONValue {
        switch kind {
        case .number: .integer(seconds)
        case .string: .string(String(seconds))
        }
    }

    /// `seconds` when the model accepts it, else the allowed length nearest to it.
    public func nearestAllowed(to seconds: Int) -> Int {
        allowedSeconds.min { abs($0 - seconds) < abs($1 - seconds) } ?? defaultSeconds
    }

    /// All accepted values as JSON, for the input field's rule.
    var allowedValues: [JSONValue] {
        allowedSeconds.map(value(seconds:))
    }
}

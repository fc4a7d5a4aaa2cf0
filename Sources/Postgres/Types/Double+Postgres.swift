extension Double: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresTypeOID { .float8 }

    /// PostgreSQL spells the special values `NaN`, `Infinity` and `-Infinity`.
    public func postgresText() -> String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)
    }

    public init(postgresText text: String, type: PostgresTypeOID) throws {
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(text) else { throw PostgresError.decoding(text, as: Double.self) }
            self = value
        }
    }
}

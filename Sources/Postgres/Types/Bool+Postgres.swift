extension Bool: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresTypeOID { .bool }
    public func postgresText() -> String? { self ? "t" : "f" }
    public init(postgresText text: String, type: PostgresTypeOID) throws {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PostgresError.decoding(text, as: Bool.self)
        }
    }
}

/// nil is SQL NULL in both directions.
extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresTypeOID { Wrapped.postgresType }
    public func postgresText() throws -> String? {
        guard let value = self else { return nil }
        return try value.postgresText()
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText text: String, type: PostgresTypeOID) throws {
        self = try Wrapped(postgresText: text, type: type)
    }
    public static var postgresNull: Self? { .some(.none) }
}

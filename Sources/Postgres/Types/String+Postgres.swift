extension String: PostgresEncodable, PostgresDecodable {
    /// Sent untyped so the server reads it as whatever the statement needs (text, varchar, an enum, jsonb).
    public static var postgresType: PostgresTypeOID { .unspecified }

    /// PostgreSQL text cannot hold NUL, and libpq would silently cut the value there; refuse it instead.
    public func postgresText() throws -> String? {
        guard !utf8.contains(0) else {
            throw PostgresError(kind: .decoding, sqlState: "22021", message: "text parameter contains a NUL character")
        }
        return self
    }

    /// Any column reads as its text representation.
    public init(postgresText text: String, type: PostgresTypeOID) { self = text }
}

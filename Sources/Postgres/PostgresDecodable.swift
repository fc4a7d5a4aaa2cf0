/// A Swift value that can be read from a result column in PostgreSQL's text format.
public protocol PostgresDecodable {
    /// Parses a non-NULL value; `type` is the column's type OID, for types that read several.
    init(postgresText text: String, type: PostgresTypeOID) throws
    /// What SQL NULL decodes to; nil (the default) makes NULL a decoding error for this type.
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNull: Self? { nil }
}

extension PostgresError {
    static func decoding(_ text: String, as type: Any.Type) -> PostgresError {
        PostgresError(kind: .decoding, message: "cannot decode \(String(reflecting: text).prefix(80)) as \(type)")
    }
}

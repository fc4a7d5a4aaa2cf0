/// A Swift value that can be sent as a query parameter, in PostgreSQL's text format.
public protocol PostgresEncodable: Sendable {
    /// The type the parameter is declared as; `.unspecified` lets the server infer it from the statement.
    static var postgresType: PostgresTypeOID { get }
    /// The value in PostgreSQL's text format, or nil for SQL NULL.
    func postgresText() throws -> String?
}

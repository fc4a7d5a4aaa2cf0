import Foundation

extension UUID: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresTypeOID { .uuid }
    public func postgresText() -> String? { uuidString.lowercased() }
    public init(postgresText text: String, type: PostgresTypeOID) throws {
        guard let value = UUID(uuidString: text) else { throw PostgresError.decoding(text, as: UUID.self) }
        self = value
    }
}

extension Int: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresTypeOID { .int8 }
    public func postgresText() -> String? { String(self) }
    public init(postgresText text: String, type: PostgresTypeOID) throws {
        guard let value = Int(text) else { throw PostgresError.decoding(text, as: Int.self) }
        self = value
    }
}

extension Int64: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresTypeOID { .int8 }
    public func postgresText() -> String? { String(self) }
    public init(postgresText text: String, type: PostgresTypeOID) throws {
        guard let value = Int64(text) else { throw PostgresError.decoding(text, as: Int64.self) }
        self = value
    }
}

extension Int32: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresTypeOID { .int4 }
    public func postgresText() -> String? { String(self) }
    public init(postgresText text: String, type: PostgresTypeOID) throws {
        guard let value = Int32(text) else { throw PostgresError.decoding(text, as: Int32.self) }
        self = value
    }
}

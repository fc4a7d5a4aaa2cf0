/// One row of a query result, its values kept in PostgreSQL's text format until decoded.
public struct PostgresRow: Sendable {
    /// Column names and types, shared by every row of one result.
    final class Columns: Sendable {
        let names: [String]
        let types: [PostgresTypeOID]
        let indexByName: [String: Int]

        init(names: [String], types: [PostgresTypeOID]) {
            self.names = names
            self.types = types
            // With duplicate names (`SELECT a.id, b.id`) the first column wins, as in most drivers.
            indexByName = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let columns: Columns
    /// nil is SQL NULL.
    let values: [String?]

    public var columnNames: [String] { columns.names }

    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try decode(at: try index(of: column), as: type)
    }

    public func decode<T: PostgresDecodable>(at index: Int, as type: T.Type = T.self) throws -> T {
        guard values.indices.contains(index) else {
            throw PostgresError(kind: .decoding, message: "column index \(index) is out of range (\(values.count) columns)")
        }
        guard let text = values[index] else {
            guard let null = T.postgresNull else {
                throw PostgresError(kind: .decoding, message: "column \(columns.names[index]) is NULL; decode it as \(T.self)?")
            }
            return null
        }
        do {
            return try T(postgresText: text, type: columns.types[index])
        } catch let error as PostgresError {
            throw PostgresError(kind: error.kind, sqlState: error.sqlState,
                                message: "column \(columns.names[index]): \(error.message)", constraint: error.constraint)
        }
    }

    /// True for SQL NULL, and for a column the row does not have.
    public func isNull(_ column: String) -> Bool {
        guard let index = columns.indexByName[column] else { return true }
        return values[index] == nil
    }

    private func index(of column: String) throws -> Int {
        guard let index = columns.indexByName[column] else {
            throw PostgresError(kind: .decoding, message: "no column named \(column) (have \(columns.names))")
        }
        return index
    }
}

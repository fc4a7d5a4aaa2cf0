import CLibPQ
import Foundation

/// A statement and its parameters, for the calls that send several at once (`PostgresConnection.queries`,
/// `PostgresConnection.atCommit`).
public struct PostgresStatement: Sendable {
    public var sql: String
    public var parameters: [any PostgresEncodable]

    public init(_ sql: String, _ parameters: [any PostgresEncodable] = []) {
        self.sql = sql
        self.parameters = parameters
    }
}

/// A statement ready to send: its parameters as C strings, which live until `release`, and the name it is
/// prepared under in the session, if any.
struct EncodedStatement {
    let sql: String
    let types: [UInt32]
    let values: [UnsafePointer<CChar>?]
    let prepared: String?

    init(_ statement: PostgresStatement, on connection: PostgresConnection, handle: OpaquePointer) throws {
        sql = statement.sql
        types = statement.parameters.map { type(of: $0).postgresType.rawValue }
        let texts = try statement.parameters.map { try $0.postgresText() }
        // libpq wants C strings that live across the call; NULL is a nil pointer.
        values = texts.map { text in text.flatMap { strdup($0) }.map { UnsafePointer($0) } }
        do {
            prepared = statement.parameters.isEmpty ? nil
                : try connection.preparedName(for: sql, types: types, on: handle)
        } catch {
            values.forEach { free(UnsafeMutablePointer(mutating: $0)) }
            throw error
        }
    }

    func release() {
        values.forEach { free(UnsafeMutablePointer(mutating: $0)) }
    }

    /// Queues the statement on the connection; 1 when libpq took it.
    func send(on handle: OpaquePointer) -> Int32 {
        types.withUnsafeBufferPointer { typePointer in
            values.withUnsafeBufferPointer { valuePointer in
                if let prepared {
                    PQsendQueryPrepared(handle, prepared, Int32(values.count), valuePointer.baseAddress, nil, nil, 0)
                } else {
                    PQsendQueryParams(handle, sql, Int32(values.count), typePointer.baseAddress,
                                      valuePointer.baseAddress, nil, nil, 0)
                }
            }
        }
    }
}

import Foundation
import CLibPQ

/// Turns libpq results into rows, affected-row counts and `PostgresError`s.
enum ResultReader {
    static func rows(_ result: OpaquePointer) -> [PostgresRow] {
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let columns = PostgresRow.Columns(
            names: (0..<columnCount).map { string(PQfname(result, Int32($0))) ?? "?column?" },
            types: (0..<columnCount).map { PostgresTypeOID(rawValue: PQftype(result, Int32($0))) }
        )
        return (0..<rowCount).map { row in
            let values: [String?] = (0..<columnCount).map { column in
                guard PQgetisnull(result, Int32(row), Int32(column)) == 0,
                      let pointer = PQgetvalue(result, Int32(row), Int32(column))
                else { return nil }
                let length = Int(PQgetlength(result, Int32(row), Int32(column)))
                return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                }
            }
            return PostgresRow(columns: columns, values: values)
        }
    }

    /// The count PostgreSQL reports for INSERT/UPDATE/DELETE/SELECT/MOVE/FETCH/COPY; 0 for other commands.
    static func affectedRows(_ result: OpaquePointer) -> Int {
        string(PQcmdTuples(result)).flatMap { Int($0) } ?? 0
    }

    /// The error a failed result carries; `connectionLost` forces the kind whatever the SQLSTATE says.
    static func error(_ result: OpaquePointer?, connection: OpaquePointer?, connectionLost: Bool) -> PostgresError {
        let sqlState = result.flatMap { string(PQresultErrorField($0, field("C"))) }
        let primary = result.flatMap { string(PQresultErrorField($0, field("M"))) }
        let message = primary
            ?? result.flatMap { string(PQresultErrorMessage($0)) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? connection.flatMap { string(PQerrorMessage($0)) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? "unknown libpq error"
        let constraint = result.flatMap { string(PQresultErrorField($0, field("n"))) }
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if connectionLost {
            return PostgresError(kind: .connectionFailure, sqlState: sqlState, message: trimmed, constraint: constraint)
        }
        return PostgresError(sqlState: sqlState, message: trimmed, constraint: constraint)
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    static func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// The `PG_DIAG_*` field codes are single characters ('C' is SQLSTATE, 'M' the message, 'n' the constraint).
    private static func field(_ code: Unicode.Scalar) -> Int32 {
        Int32(UInt8(ascii: code))
    }
}

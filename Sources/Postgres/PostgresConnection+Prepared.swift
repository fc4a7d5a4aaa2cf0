import CLibPQ

/// Statements with parameters are prepared once per session and run by name afterwards, so PostgreSQL parses and
/// plans each once (keeping a generic plan when it proves as good as custom ones). On the webhook's path, parsing
/// and planning cost the server more than executing. Statements without parameters (BEGIN, COMMIT, DDL) are sent as
/// they are; so is everything past `maxPreparedStatements` distinct texts, which only code building SQL would reach.
extension PostgresConnection {
    static let maxPreparedStatements = 256

    /// The name `sql` is prepared under in this session, preparing it first; nil when the session holds too many.
    func preparedName(for sql: String, types: [UInt32], on handle: OpaquePointer) throws -> String? {
        let key = Self.preparedKey(sql, types: types)
        if let name = preparedStatements[key] { return name }
        guard preparedStatements.count < Self.maxPreparedStatements else { return nil }
        preparedStatementsMade += 1
        let name = "nc_\(preparedStatementsMade)"
        let result = types.withUnsafeBufferPointer { typePointer in
            PQprepare(handle, name, sql, Int32(types.count), typePointer.baseAddress)
        }
        try check(result, on: handle).map(PQclear)
        preparedStatements[key] = name
        return name
    }

    /// A statement whose plan no longer fits the tables (a migration ran meanwhile) is prepared afresh next time.
    func forgetPreparedStatement(_ sql: String, types: [UInt32]) {
        guard let name = preparedStatements.removeValue(forKey: Self.preparedKey(sql, types: types)) else { return }
        // Outside a failed transaction the old statement can go at once; inside one, the session keeps it unused.
        if let handle, PQtransactionStatus(handle) == PQTRANS_IDLE {
            _ = try? execute("DEALLOCATE \(name)")
        }
    }

    /// `0A000`: "cached plan must not change result type"; `26000`: the statement is gone from the session.
    static func invalidatesPreparedStatement(_ error: PostgresError) -> Bool {
        error.sqlState == "0A000" || error.sqlState == "26000"
    }

    private static func preparedKey(_ sql: String, types: [UInt32]) -> String {
        types.map(String.init).joined(separator: ",") + "|" + sql
    }
}

import CLibPQ

/// Statements that need not wait for each other's answers travel together, in libpq's pipeline mode: a
/// transaction's BEGIN with its first statement (`transaction` only notes it), statements sent by `queries`, and
/// writes registered with `atCommit` with the COMMIT. Each is still a statement of its own, with its own snapshot.
/// On the webhook's path a round trip (a wait and two system calls on each side) cost more than most statements.
extension PostgresConnection {
    /// Runs `statements` in order, sent at once: one round trip for all. Each sees what the ones before it did.
    /// Throws the first failure. Outside a transaction each is its own, so a failure undoes only itself; inside
    /// one, the transaction is failed as by any statement and the ones after it do not run.
    public func queries(_ statements: [PostgresStatement]) throws -> [[PostgresRow]] {
        let results = try runPipeline(statements)
        defer { results.forEach { PQclear($0) } }
        return results.map(ResultReader.rows)
    }

    /// Runs `statement` with the transaction's COMMIT, in its round trip, and hands its rows to `then` once
    /// committed: for a write nothing in the transaction reads back. Such writes run in the order registered,
    /// after everything else the transaction did. Forgotten when the transaction, or the savepoint it was registered
    /// in, rolls back; outside a transaction it runs at once.
    public func atCommit(_ statement: PostgresStatement, then: @escaping ([PostgresRow]) -> Void = { _ in }) throws {
        guard transactionDepth > 0 else { return then(try queries([statement])[0]) }
        commitWrites.append(CommitWrite(depth: transactionDepth, statement: statement, then: then))
    }

    /// Sends the pending BEGIN (if any), `statements` and, with `thenCommit`, COMMIT together, and returns the
    /// statements' results, which the caller clears.
    func runPipeline(_ statements: [PostgresStatement], thenCommit: Bool = false) throws -> [OpaquePointer] {
        let handle = try openHandle()
        var encoded: [EncodedStatement] = []
        defer { encoded.forEach { $0.release() } }
        for statement in statements { encoded.append(try EncodedStatement(statement, on: self, handle: handle)) }
        let control = { (sql: String) in
            { (handle: OpaquePointer) in PQsendQueryParams(handle, sql, 0, nil, nil, nil, nil, 0) }
        }
        var sends = encoded.map { statement in { (handle: OpaquePointer) in statement.send(on: handle) } }
        let statementsFrom = beginIsPending ? 1 : 0
        let inTransaction = beginIsPending || transactionDepth > 0
        if beginIsPending { sends.insert(control("BEGIN"), at: 0) }
        if thenCommit { sends.append(control("COMMIT")) }
        beginIsPending = false
        let results = sends.count == 1 ? [try sendAlone(sends[0], on: handle)]
            : try sendPipelined(sends, syncingEach: !inTransaction, on: handle)
        var checked: [OpaquePointer] = []
        for (index, result) in results.enumerated() {
            do {
                guard let result = try check(result, on: handle) else {
                    throw PostgresError(kind: .other, message: "libpq returned no result")
                }
                checked.append(result)
            } catch {
                checked.forEach { PQclear($0) }
                results[(index + 1)...].forEach { PQclear($0) }
                let position = index - statementsFrom
                if let error = error as? PostgresError, encoded.indices.contains(position),
                   encoded[position].prepared != nil, Self.invalidatesPreparedStatement(error) {
                    forgetPreparedStatement(encoded[position].sql, types: encoded[position].types)
                }
                throw error
            }
        }
        if statementsFrom == 1 { PQclear(checked.removeFirst()) }
        if thenCommit { PQclear(checked.removeLast()) }
        return checked
    }

    /// For statements that cannot ride in a pipeline (a script sent with `PQexec`).
    func sendPendingBegin() throws {
        guard beginIsPending else { return }
        beginIsPending = false
        try execute("BEGIN")
    }

    /// Sends one statement and waits for its result, as `PQexec` does. Nil when it could not be sent.
    private func sendAlone(_ send: (OpaquePointer) -> Int32, on handle: OpaquePointer) throws -> OpaquePointer? {
        guard send(handle) == 1 else { return nil }
        return nextResult(on: handle)
    }

    /// Inside a transaction one sync ends the lot, so it leaves in one write and its answers come back in one.
    /// Outside, each statement is followed by a sync: each is its own transaction, as when sent alone. A statement
    /// after one that failed before the sync is not run (`PGRES_PIPELINE_ABORTED`); the failure is what counts.
    private func sendPipelined(_ sends: [(OpaquePointer) -> Int32], syncingEach: Bool,
                               on handle: OpaquePointer) throws -> [OpaquePointer?] {
        guard PQenterPipelineMode(handle) == 1 else { throw lostPipeline(on: handle) }
        defer { PQexitPipelineMode(handle) }
        for (index, send) in sends.enumerated() {
            let syncs = syncingEach || index == sends.count - 1
            guard send(handle) == 1, !syncs || PQpipelineSync(handle) == 1 else { throw lostPipeline(on: handle) }
        }
        var results: [OpaquePointer?] = []
        for index in sends.indices {
            results.append(nextResult(on: handle))
            guard syncingEach || index == sends.count - 1 else { continue }
            let sync = PQgetResult(handle)
            defer { PQclear(sync) }
            guard let sync, PQresultStatus(sync) == PGRES_PIPELINE_SYNC else {
                results.forEach { PQclear($0) }
                throw lostPipeline(on: handle)
            }
        }
        return results
    }

    /// The first result of the statement sent next, reading past its end marker.
    private func nextResult(on handle: OpaquePointer) -> OpaquePointer? {
        let result = PQgetResult(handle)
        guard result != nil else { return nil }
        while let extra = PQgetResult(handle) { PQclear(extra) }
        return result
    }

    private func lostPipeline(on handle: OpaquePointer) -> PostgresError {
        markBroken()
        let message = ResultReader.string(PQerrorMessage(handle)).flatMap { $0.isEmpty ? nil : $0 }
        return PostgresError(kind: .connectionFailure, message: message ?? "a pipeline went unanswered")
    }
}

/// A write registered with `atCommit`, and the transaction depth it was registered at.
struct CommitWrite {
    let depth: Int
    let statement: PostgresStatement
    let then: ([PostgresRow]) -> Void
}

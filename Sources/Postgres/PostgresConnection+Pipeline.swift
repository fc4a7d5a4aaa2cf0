import CLibPQ

/// A transaction's BEGIN is not a round trip of its own: `transaction` only notes it, and the first statement
/// carries it, both sent at once in libpq's pipeline mode. A webhook's transaction is three or four statements,
/// so the wait and the two system calls a round trip costs on each side were a fifth of its work.
extension PostgresConnection {
    /// Sends one statement and waits for its result, as `PQexec` does. Nil when it could not be sent.
    func sendAlone(_ send: (OpaquePointer) -> Int32, on handle: OpaquePointer) throws -> OpaquePointer? {
        guard send(handle) == 1 else { return nil }
        return nextResult(on: handle)
    }

    /// Sends BEGIN and the statement together and returns the statement's result, or BEGIN's if BEGIN failed.
    func sendAfterBegin(_ send: (OpaquePointer) -> Int32, on handle: OpaquePointer) throws -> OpaquePointer? {
        beginIsPending = false
        guard PQenterPipelineMode(handle) == 1 else { return try sendBeginThen(send, on: handle) }
        defer { PQexitPipelineMode(handle) }
        guard PQsendQueryParams(handle, "BEGIN", 0, nil, nil, nil, nil, 0) == 1, send(handle) == 1,
              PQpipelineSync(handle) == 1 else {
            throw lostPipeline(on: handle)
        }
        let begin = nextResult(on: handle)
        let statement = nextResult(on: handle)
        let sync = PQgetResult(handle)
        defer { PQclear(sync) }
        guard let sync, PQresultStatus(sync) == PGRES_PIPELINE_SYNC else {
            PQclear(begin)
            PQclear(statement)
            throw lostPipeline(on: handle)
        }
        guard let begin, PQresultStatus(begin) == PGRES_COMMAND_OK else {
            PQclear(statement)
            return begin
        }
        PQclear(begin)
        return statement
    }

    /// For statements that cannot ride in a pipeline (a script sent with `PQexec`).
    func sendPendingBegin() throws {
        guard beginIsPending else { return }
        beginIsPending = false
        try execute("BEGIN")
    }

    /// A connection already in pipeline mode would be a bug; send the two apart rather than fail the statement.
    private func sendBeginThen(_ send: (OpaquePointer) -> Int32, on handle: OpaquePointer) throws -> OpaquePointer? {
        try execute("BEGIN")
        return try sendAlone(send, on: handle)
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
        return PostgresError(kind: .connectionFailure, message: message ?? "the pipelined BEGIN was not answered")
    }
}

import CLibPQ

extension PostgresConnection {
    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws. A nested call runs in a
    /// SAVEPOINT, so its failure undoes only its own work.
    ///
    /// If a statement failed inside `body` and `body` swallowed the error, PostgreSQL has already aborted the
    /// transaction; this rolls back and throws rather than pretend the work was committed.
    @discardableResult
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let depth = transactionDepth
        let savepoint = "neurocards_savepoint_\(depth)"
        if depth == 0 { beginIsPending = true } else { try execute("SAVEPOINT \(savepoint)") }
        transactionDepth += 1
        defer {
            transactionDepth = depth
            if depth == 0 { beginIsPending = false }
        }
        let value: T
        do {
            value = try body(self)
        } catch {
            rollBack(depth: depth, savepoint: savepoint)
            throw error
        }
        if let handle, PQtransactionStatus(handle) == PQTRANS_INERROR {
            rollBack(depth: depth, savepoint: savepoint)
            throw PostgresError(kind: .other, sqlState: "25P02",
                                message: "a statement in the transaction failed; the transaction was rolled back")
        }
        do {
            // A failing COMMIT (e.g. serialization failure at commit, or a failed `atCommit` write) has already
            // ended the transaction.
            if depth > 0 {
                try execute("RELEASE SAVEPOINT \(savepoint)")
            } else {
                try commit()
            }
        } catch {
            if depth > 0 {
                rollBack(depth: depth, savepoint: savepoint)
            } else {
                commitActions = []
                // A write sent with COMMIT that failed left COMMIT unrun and the transaction open.
                if let handle, PQtransactionStatus(handle) != PQTRANS_IDLE { rollBack(depth: depth, savepoint: savepoint) }
            }
            throw error
        }
        if depth == 0 { runCommitActions() }
        return value
    }

    /// Sends the `atCommit` writes with COMMIT, then hands each its rows. A transaction that never sent a
    /// statement never began.
    private func commit() throws {
        let writes = commitWrites
        commitWrites = []
        guard !(beginIsPending && writes.isEmpty) else { return }
        let results = try runPipeline(writes.map(\.statement), thenCommit: true)
        defer { results.forEach { PQclear($0) } }
        for (write, result) in zip(writes, results) { write.then(ResultReader.rows(result)) }
    }

    /// Runs `action` once what this session did so far is committed: when the outermost transaction commits, or
    /// at once outside a transaction. Forgotten when the transaction, or the savepoint it was registered in,
    /// rolls back. For work that must not happen inside the transaction (waking other processes).
    public func afterCommit(_ action: @escaping () -> Void) {
        guard transactionDepth > 0 else { return action() }
        commitActions.append((depth: transactionDepth, action: action))
    }

    private func runCommitActions() {
        let actions = commitActions
        commitActions = []
        for entry in actions { entry.action() }
    }

    /// Best effort: when the rollback itself fails the session is unusable, and the caller already has the
    /// error that matters.
    private func rollBack(depth: Int, savepoint: String) {
        commitActions.removeAll { $0.depth > depth }
        commitWrites.removeAll { $0.depth > depth }
        guard !beginIsPending else { return }
        do {
            try execute(depth == 0 ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT \(savepoint)")
            if depth > 0 { try execute("RELEASE SAVEPOINT \(savepoint)") }
        } catch {
            markBroken()
        }
    }
}

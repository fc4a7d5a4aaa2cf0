@testable import Bot
import Postgres
import Testing

/// Every statement the webhook, the pipeline steps, housekeeping and the operators run, on a database as a busy year
/// leaves it (`BusyDatabase`): none may read a big table from end to end. Each store operation runs for real, alone
/// in a transaction that is rolled back, and PostgreSQL's own count of the sequential scans the transaction started
/// (`pg_stat_xact_user_tables`) is read before and after it. That checks the statements the code runs, not copies.
@Suite(.serialized) struct HotPathIndexTests {
    static let bigTables: Set<String> = ["users", "conversations", "orders", "videos", "ledger", "telegram_updates",
                                         "sent_notifications", "payments"]
    static let database = Result { try BusyDatabase.make(named: "hot_path_indexes") }

    @Test(arguments: StoreCall.all)
    func noStatementReadsABigTableThrough(call: StoreCall) throws {
        let pool = try Self.database.get()
        let ids = try BusyIDs(pool: pool)
        let scanned = try pool.withConnection { db in try sequentialScans(by: call, ids: ids, on: db) }
        #expect(Set(scanned.keys).subtracting(call.readsAll) == [], "\(call.name) read through \(scanned)")
        // The figures that count every row do read their table through, and the counters see it.
        for table in call.readsAll { #expect(scanned[table, default: 0] > 0, "\(call.name) no longer reads \(table)") }
    }

    /// The big tables `call` started sequential scans on, and how many.
    func sequentialScans(by call: StoreCall, ids: BusyIDs, on db: PostgresConnection) throws -> [String: Int] {
        var scanned: [String: Int] = [:]
        do {
            try db.transaction { db in
                // A parallel plan's workers keep counts of their own: without them, every scan is counted here.
                try db.execute("SET LOCAL max_parallel_workers_per_gather = 0")
                let before = try scans(on: db)
                try call.run(db, ids)
                scanned = try scans(on: db).reduce(into: [:]) { started, table in
                    let count = table.value - before[table.key, default: 0]
                    if count > 0 { started[table.key] = count }
                }
                throw RolledBack()
            }
        } catch is RolledBack {}
        return scanned
    }

    func scans(on db: PostgresConnection) throws -> [String: Int] {
        try db.query("SELECT relname, seq_scan FROM pg_stat_xact_user_tables").reduce(into: [:]) { scans, row in
            let table = try row.decode("relname", as: String.self)
            if Self.bigTables.contains(table) { scans[table] = try row.decode("seq_scan", as: Int.self) }
        }
    }

    struct RolledBack: Error {}
}

import Foundation
import Postgres

/// PostgreSQL's own counters, read twice to take the difference: transactions committed in this database
/// (`pg_stat_database.xact_commit`, read-only ones included), transaction ids handed out (one per transaction that
/// wrote, cluster-wide), WAL flushes to disk (`pg_stat_wal.wal_sync`) and rows written per table.
/// A backend reports its statistics when it goes idle, at most once a second and within about 10 s, so the second
/// reading is taken only after the activity has been quiet that long.
struct DatabaseCounters {
    struct Rows {
        var inserted: Int64 = 0
        var updated: Int64 = 0
        var deleted: Int64 = 0
    }

    var commits: Int64 = 0
    var writeTransactions: Int64 = 0
    var walSyncs: Int64 = 0
    var walBytes: Int64 = 0
    var tables: [String: Rows] = [:]

    /// Transactions one reading commits itself (each query is its own transaction).
    static let transactionsPerReading: Int64 = 2

    static func read(_ pool: PostgresPool) throws -> DatabaseCounters {
        var counters = DatabaseCounters()
        if let row = try pool.query("""
            SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits,
                   pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next_xid,
                   (SELECT wal_sync FROM pg_stat_wal) AS wal_syncs,
                   (SELECT wal_bytes::bigint FROM pg_stat_wal) AS wal_bytes
            """).first {
            counters.commits = try row.decode("commits")
            counters.writeTransactions = try row.decode("next_xid")
            counters.walSyncs = try row.decode("wal_syncs")
            counters.walBytes = try row.decode("wal_bytes")
        }
        for row in try pool.query("SELECT relname::text AS name, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables") {
            counters.tables[try row.decode("name", as: String.self)] = Rows(
                inserted: try row.decode("n_tup_ins"), updated: try row.decode("n_tup_upd"),
                deleted: try row.decode("n_tup_del"))
        }
        return counters
    }

    static func - (after: DatabaseCounters, before: DatabaseCounters) -> DatabaseCounters {
        var difference = DatabaseCounters(
            commits: after.commits - before.commits,
            writeTransactions: after.writeTransactions - before.writeTransactions,
            walSyncs: after.walSyncs - before.walSyncs, walBytes: after.walBytes - before.walBytes)
        for (name, rows) in after.tables {
            let earlier = before.tables[name] ?? Rows()
            difference.tables[name] = Rows(inserted: rows.inserted - earlier.inserted,
                                           updated: rows.updated - earlier.updated,
                                           deleted: rows.deleted - earlier.deleted)
        }
        return difference
    }

    /// Rows written per video by table, busiest first.
    func rowLines(perVideo videos: Double) -> [String] {
        tables.filter { $0.value.inserted + $0.value.updated + $0.value.deleted > 0 }
            .sorted { ($0.value.inserted + $0.value.updated + $0.value.deleted, $1.key)
                        > ($1.value.inserted + $1.value.updated + $1.value.deleted, $0.key) }
            .map { name, rows in
                String(format: "  %@: %.2f inserted, %.2f updated, %.2f deleted", name, Double(rows.inserted) / videos,
                       Double(rows.updated) / videos, Double(rows.deleted) / videos)
            }
    }
}

/// Commits and write transactions a second while nothing is ordered: heartbeats, the sweeper, housekeeping.
struct IdleRate {
    let commits: Double
    let writes: Double

    /// From the difference of two readings `seconds` apart; the first reading's own transactions are in it.
    init(_ difference: DatabaseCounters, over seconds: Double) {
        commits = Double(difference.commits - DatabaseCounters.transactionsPerReading) / seconds
        writes = Double(difference.writeTransactions) / seconds
    }
}

/// The database's work for the videos: the counters' difference over the run, less the fixture's own queries and
/// the idle background for as long.
struct DatabaseWork {
    let difference: DatabaseCounters
    let fixtureTransactions: Int64
    let background: Double
    let commits: Double
    let writes: Double

    init(difference: DatabaseCounters, seconds: Double, idle: IdleRate, fixtureTransactions: Int64) {
        self.difference = difference
        self.fixtureTransactions = fixtureTransactions
        background = idle.commits * seconds
        commits = Double(difference.commits - fixtureTransactions) - background
        writes = Double(difference.writeTransactions) - idle.writes * seconds
    }

    func lines(videos: Int) -> [String] {
        let perVideo = Double(videos)
        return [
            String(format: "database per video: %.1f commits (xact_commit, read-only included; raw %.1f less %lld of the "
                           + "fixture's and %.0f idle background), %.1f write transactions, %.2f WAL flushes, %.0f kB WAL",
                   commits / perVideo, Double(difference.commits) / perVideo, fixtureTransactions, background,
                   writes / perVideo, Double(difference.walSyncs) / perVideo, Double(difference.walBytes) / perVideo / 1024),
            "rows written per video, by table:",
        ] + difference.rowLines(perVideo: perVideo)
    }
}

import Postgres
import Timekeeping

/// What operators read of the `ledger` table.
extension Ledger {
    /// Refunds of failed or cancelled videos within `window`: how many rows, and how many credits went back.
    static func refunds(within window: Duration, on db: PostgresConnection) throws -> (count: Int, credits: Int) {
        let row = try db.query("""
            SELECT count(*) AS n, COALESCE(sum(delta), 0) AS credits FROM ledger
            WHERE reason = $1 AND created_at > now() - make_interval(secs => $2)
            """, [LedgerReason.refund.rawValue, window.seconds]).first
        return (try row?.decode("n", as: Int.self) ?? 0, try row?.decode("credits", as: Int.self) ?? 0)
    }
}

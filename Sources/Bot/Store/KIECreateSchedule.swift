import Foundation
import Postgres

/// KIE takes about 20 new tasks per 10 s per account: one schedule per account in PostgreSQL, for every process (the
/// generic cell rate algorithm). A quarter of the allowance may go at once and the rest is spaced over the window, so
/// no 10-second window ever exceeds it. A video that must wait books the next free turn of an account and keeps it in
/// its row, so it sleeps once instead of coming back again and again to race the others for each new token.
enum KIECreateSchedule {
    static func register(accounts: [String], on db: PostgresConnection) throws {
        for account in accounts {
            try db.execute("INSERT INTO kie_accounts (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", [account])
        }
    }

    struct Turn: Sendable {
        var account: String
        /// How long until the turn: zero or less, it is now.
        var seconds: Double
    }

    /// The video's booked turn, its row locked until the caller's transaction ends; nil when it has none. Its account
    /// is nil for a turn booked before accounts had schedules of their own.
    static func bookedTurn(videoID: Int64, on db: PostgresConnection) throws -> (account: String?, seconds: Double)? {
        guard let row = try db.query("""
            SELECT submit_account, extract(epoch FROM submit_turn_at - now())::float8 AS wait
            FROM videos WHERE id = $1 FOR UPDATE
            """, [videoID]).first,
            let seconds = try row.decode("wait", as: Double?.self)
        else { return nil }
        return (try row.decode("submit_account"), seconds)
    }

    static func keepTurn(videoID: Int64, account: String, in seconds: Double, on db: PostgresConnection) throws {
        try db.execute("""
            UPDATE videos SET submit_turn_at = now() + make_interval(secs => $2), submit_account = $3 WHERE id = $1
            """, [videoID, seconds, account])
    }

    /// KIE refused a task as over the account's budget (429): no turn on the account for `duration`, whichever of
    /// its keys would ask.
    static func holdBack(account: String, for duration: Duration, on db: PostgresConnection) throws {
        try db.execute("""
            UPDATE kie_accounts SET next_at = greatest(next_at, now() + make_interval(secs => $2)) WHERE name = $1
            """, [account, duration.seconds])
    }

    /// The turn is used up (or lost).
    static func clearTurn(videoID: Int64, on db: PostgresConnection) throws {
        try db.execute("UPDATE videos SET submit_turn_at = NULL, submit_account = NULL WHERE id = $1", [videoID])
    }

    /// Books the next turn on whichever of `accounts` has the earliest (the one with the most budget left, the least
    /// recently used among full ones); nil when none of them is registered. An account another transaction is
    /// booking on is passed over while another is free, so concurrent submissions spread over the accounts.
    static func book(accounts: [String], perTenSeconds allowance: Double, on db: PostgresConnection) throws -> Turn? {
        guard !accounts.isEmpty else { return nil }
        let burst = max(1, allowance / 4)
        let interval = 10 / max(1, allowance - burst)
        let row = try db.query("""
            UPDATE kie_accounts SET next_at = greatest(next_at, now()) + make_interval(secs => $2)
            WHERE name = coalesce(
                (SELECT name FROM kie_accounts WHERE name = ANY($1::text[])
                 ORDER BY next_at, name LIMIT 1 FOR UPDATE SKIP LOCKED),
                (SELECT name FROM kie_accounts WHERE name = ANY($1::text[]) ORDER BY next_at, name LIMIT 1))
            RETURNING name, extract(epoch FROM next_at - make_interval(secs => $2 * $3) - now())::float8 AS wait
            """, [KIEKeyStates.textArray(accounts), interval, burst]).first
        guard let row else { return nil }
        return Turn(account: try row.decode("name"), seconds: try row.decode("wait"))
    }
}

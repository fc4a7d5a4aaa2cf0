import Foundation
import Postgres

/// KIE takes about 20 new tasks per 10 s per account: one schedule in PostgreSQL for every process (the generic cell
/// rate algorithm). A quarter of the allowance may go at once and the rest is spaced over the window, so no
/// 10-second window ever exceeds it. A video that must wait books the next free turn and keeps it in its row, so
/// it sleeps once instead of coming back again and again to race the others for each new token.
enum KIECreateSchedule {
    /// Nil when it is the video's turn now (the turn is used up), or how long until its booked turn.
    static func turn(videoID: Int64, perTenSeconds allowance: Double, on db: PostgresConnection) throws -> Duration? {
        try db.transaction { db in
            let booked = try db.query("""
                SELECT extract(epoch FROM submit_turn_at - now())::float8 AS wait FROM videos WHERE id = $1 FOR UPDATE
                """, [videoID]).first?.decode("wait", as: Double?.self) ?? nil
            if let booked {
                guard booked > 0 else {
                    try db.execute("UPDATE videos SET submit_turn_at = NULL WHERE id = $1", [videoID])
                    return nil
                }
                return .milliseconds(Int(booked * 1000) + 1)
            }
            let wait = try book(perTenSeconds: allowance, on: db)
            guard wait > 0 else { return nil }
            try db.execute("UPDATE videos SET submit_turn_at = now() + make_interval(secs => $2) WHERE id = $1",
                           [videoID, wait])
            return .milliseconds(Int(wait * 1000) + 1)
        }
    }

    /// Books the next turn; returns how many seconds from now it is (zero or less: now).
    private static func book(perTenSeconds allowance: Double, on db: PostgresConnection) throws -> Double {
        let burst = max(1, allowance / 4)
        let interval = 10 / max(1, allowance - burst)
        return try db.query("""
            UPDATE kie_create_schedule SET next_at = greatest(next_at, now()) + make_interval(secs => $1)
            WHERE id = 1
            RETURNING extract(epoch FROM next_at - make_interval(secs => $1 * $2) - now())::float8 AS wait
            """, [interval, burst]).first?.decode("wait", as: Double.self) ?? 0
    }
}

import Postgres

/// A Telegram Stars payment as the bot recorded it.
struct PaymentRecord: Sendable, Equatable {
    var chargeID: String
    var userID: Int64
    var credits: Int
    var stars: Int
    var refundState: String?

    init(row: PostgresRow) throws {
        chargeID = try row.decode("charge_id")
        userID = try row.decode("user_id")
        credits = try row.decode("credits")
        stars = try row.decode("stars")
        refundState = try row.decode("refund_state")
    }
}

/// The `payments` table: one row per `telegram_payment_charge_id`.
enum Payments {
    /// Records a payment the first time its charge id is seen; false for a repeat.
    static func record(chargeID: String, userID: Int64, credits: Int, stars: Int, on db: PostgresConnection) throws -> Bool {
        try db.query("""
            INSERT INTO payments (charge_id, user_id, credits, stars) VALUES ($1, $2, $3, $4)
            ON CONFLICT (charge_id) DO NOTHING RETURNING charge_id
            """, [chargeID, userID, credits, stars]).count == 1
    }

    static func count(userID: Int64, on db: PostgresConnection) throws -> Int {
        try db.query("SELECT count(*)::int AS n FROM payments WHERE user_id = $1", [userID]).first?
            .decode("n", as: Int.self) ?? 0
    }

    static func find(chargeID: String, lock: Bool = false, on db: PostgresConnection) throws -> PaymentRecord? {
        try db.query("""
            SELECT charge_id, user_id, credits, stars, refund_state FROM payments WHERE charge_id = $1
            """ + (lock ? " FOR UPDATE" : ""), [chargeID]).first.map(PaymentRecord.init(row:))
    }

    /// The refund is under way: Telegram is being asked; false when one already is or is done.
    static func markRefunding(chargeID: String, on db: PostgresConnection) throws -> Bool {
        try db.execute("""
            UPDATE payments SET refund_state = 'refunding' WHERE charge_id = $1 AND refund_state IS NULL
            """, [chargeID]) == 1
    }

    static func markRefunded(chargeID: String, on db: PostgresConnection) throws -> Bool {
        try db.execute("""
            UPDATE payments SET refund_state = 'refunded', refunded_at = now()
            WHERE charge_id = $1 AND refund_state = 'refunding'
            """, [chargeID]) == 1
    }

    /// Telegram refused the refund: the payment stands as it was.
    static func abandonRefund(chargeID: String, on db: PostgresConnection) throws -> Bool {
        try db.execute("""
            UPDATE payments SET refund_state = NULL WHERE charge_id = $1 AND refund_state = 'refunding'
            """, [chargeID]) == 1
    }
}

import Postgres

/// Why credits moved. Stored as text with a CHECK, so the database rejects anything else.
public enum LedgerReason: String, Sendable, CaseIterable {
    case signupBonus = "signup_bonus"
    case orderDebit = "order_debit"
    case refund
    case grant
    case purchase
    /// A purchase given back in Stars takes its credits back (and returns them if Telegram refuses).
    case purchaseRefund = "purchase_refund"
    case referralBonus = "referral_bonus"
}

/// Every credit movement is a ledger row and a balance change, written together by one statement. The sign-up bonus
/// is the one written elsewhere: `Users.admission` creates the user with it and its row in the statement that admits them.
public enum Ledger {
    /// Moves credits once per `reference` and returns the new balance; a second call with the same reference
    /// changes nothing and returns nil. A debit below zero fails with the balance CHECK (`.checkViolation`).
    /// A grant names the operator who made it and why (a CHECK insists).
    @discardableResult
    public static func post(userID: Int64, delta: Int, reason: LedgerReason, reference: String, orderID: Int64? = nil,
                            operatorID: Int64? = nil, note: String? = nil, on db: PostgresConnection) throws -> Int? {
        let rows = try db.query("""
            WITH entry AS (
                INSERT INTO ledger (user_id, delta, reason, reference, order_id, operator_id, note)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (reference) DO NOTHING
                RETURNING user_id, delta
            )
            UPDATE users SET balance = users.balance + entry.delta FROM entry WHERE users.id = entry.user_id
            RETURNING users.balance
            """, [userID, delta, reason.rawValue, reference, orderID, operatorID, note])
        return try rows.first?.decode("balance", as: Int.self)
    }

    /// Users whose balance differs from the sum of their ledger rows; empty when the books are straight.
    public static func mismatches(on db: PostgresConnection) throws -> [Int64] {
        try db.query("""
            SELECT u.id FROM users u LEFT JOIN ledger l ON l.user_id = u.id
            GROUP BY u.id, u.balance HAVING u.balance <> COALESCE(SUM(l.delta), 0)
            """).map { try $0.decode("id", as: Int64.self) }
    }
}

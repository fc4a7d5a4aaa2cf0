@testable import Bot
import Domain
import JobQueue
import Postgres
import Testing

/// Grants against a real database: the reference makes one grant of any number of attempts, a take-back stops at
/// zero, and the schema refuses a grant that does not say who made it and why.
@Suite(.serialized) struct CreditGrantTests {
    let pool: PostgresPool

    init() throws {
        pool = try BotDatabase.pool(named: "credit_grants")
    }

    func seller(_ id: Int64, balance: Int) throws {
        try pool.transaction { db in
            try db.execute("INSERT INTO users (id, chat_id, language) VALUES ($1, $1, 'en')", [id])
            try Ledger.post(userID: id, delta: balance, reason: .signupBonus, reference: "signup:\(id)", on: db)
        }
    }

    func make(_ grant: CreditGrant, reference: String) throws -> CreditGrants.Outcome {
        try pool.transaction { try CreditGrants.make(grant, operatorID: 7, reference: reference, on: $0) }
    }

    func noticesTo(_ chat: Int64) throws -> Int {
        try pool.query("SELECT count(*) AS n FROM jobs WHERE kind = $1 AND (payload->>'chatID')::bigint = $2",
                       [OutboxJobs.messageKind, chat]).first?.decode("n", as: Int.self) ?? -1
    }

    @Test func aReferenceGrantsOnceAndTellsTheSellerOnce() throws {
        try seller(1, balance: 30)
        let grant = try #require(CreditGrant(userID: 1, credits: 20, reason: "late video"))
        #expect(try make(grant, reference: "grant:update:5") == .granted(balance: 50))
        #expect(try make(grant, reference: "grant:update:5") == .alreadyMade)
        #expect(try make(grant, reference: "grant:update:6") == .granted(balance: 70))
        #expect(try noticesTo(1) == 2)
        let row = try #require(try pool.query("""
            SELECT operator_id, note FROM ledger WHERE reference = 'grant:update:5'
            """).first)
        #expect(try row.decode("operator_id", as: Int64.self) == 7 && row.decode("note", as: String.self) == "late video")
        #expect(try pool.withConnection { try Ledger.mismatches(on: $0) }.isEmpty)
    }

    @Test func aTakeBackStopsAtZeroAndAnUnknownSellerIsSaidSo() throws {
        try seller(2, balance: 30)
        let tooMuch = try #require(CreditGrant(userID: 2, credits: -31, reason: "typo"))
        let all = try #require(CreditGrant(userID: 2, credits: -30, reason: "typo"))
        let stranger = try #require(CreditGrant(userID: 3, credits: 5, reason: "who"))
        #expect(try make(tooMuch, reference: "a") == .exceedsBalance(30))
        #expect(try make(all, reference: "b") == .granted(balance: 0))
        #expect(try make(stranger, reference: "c") == .unknownUser)
        #expect(try noticesTo(2) == 1)
        #expect(try pool.withConnection { try Ledger.mismatches(on: $0) }.isEmpty)
    }

    @Test func theSchemaRefusesAGrantWithoutItsOperatorAndReason() throws {
        try seller(4, balance: 10)
        let error = #expect(throws: PostgresError.self) {
            try pool.transaction { try Ledger.post(userID: 4, delta: 5, reason: .grant, reference: "bare", on: $0) }
        }
        #expect(error?.constraint == "ledger_grant_noted")
        #expect(try pool.query("SELECT balance FROM users WHERE id = 4").first?.decode("balance", as: Int.self) == 10)
    }
}

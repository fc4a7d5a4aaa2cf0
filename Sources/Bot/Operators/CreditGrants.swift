import Domain
import Postgres

/// `/grant` and `neurocards admin grant`: credits an operator moves to a seller (or takes back, never below zero),
/// written as one ledger row that names the operator and the reason, and the seller told in their language; all
/// in the caller's transaction.
public enum CreditGrants {
    public enum Outcome: Sendable, Equatable {
        case granted(balance: Int)
        case unknownUser
        /// A take-back larger than the balance: nothing is taken.
        case exceedsBalance(Int)
        /// The reference was used before: this very grant was already made.
        case alreadyMade
    }

    /// `reference` makes the grant happen once however often its cause is repeated (an update's id, a shell run).
    public static func make(_ grant: CreditGrant, operatorID: Int64, reference: String,
                            on db: PostgresConnection) throws -> Outcome {
        guard let seller = try Users.lock(grant.userID, on: db) else { return .unknownUser }
        guard seller.balance + grant.credits >= 0 else { return .exceedsBalance(seller.balance) }
        guard let balance = try Ledger.post(userID: seller.id, delta: grant.credits, reason: .grant, reference: reference,
                                            operatorID: operatorID, note: grant.reason, on: db)
        else { return .alreadyMade }
        let texts = seller.language.texts.operators
        let notice = grant.credits > 0
            ? texts.sellerGranted(grant.credits, grant.reason, balance)
            : texts.sellerTakenBack(-grant.credits, grant.reason, balance)
        try OutboxJobs.send(OutgoingMessage(notice), chatID: seller.chatID, uniqueKey: "\(reference):seller", on: db)
        return .granted(balance: balance)
    }
}

extension CreditGrants.Outcome {
    /// What the operator is told.
    public func text(_ grant: CreditGrant, texts: OperatorTexts) -> String {
        switch self {
        case .granted(let balance) where grant.credits > 0:
            texts.granted(grant.userID, grant.credits, grant.reason, balance)
        case .granted(let balance):
            texts.takenBack(grant.userID, -grant.credits, grant.reason, balance)
        case .unknownUser: texts.unknownUser(grant.userID)
        case .exceedsBalance(let balance): texts.takeBackExceedsBalance(grant.userID, -grant.credits, balance)
        case .alreadyMade: texts.grantAlreadyMade
        }
    }
}

import App
import ArgumentParser
import Bot
import Domain
import Foundation
import HTTPClient
import KIE
import Postgres

struct AdminStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Print /stats: the last 24 hours in figures and each KIE key's credits.")

    @OptionGroup var options: AdminOptions

    func run() throws {
        let configuration = try loadConfiguration(options.configuration)
        let kie = KIEClient(baseURL: configuration.kie.baseURL, http: HTTPClient())
        let report = try withMigratedDatabase(configuration) { pool in
            try OperatorStats(pool: pool, kie: kie, kieKeys: configuration.kie.apiKeys).gather()
        }
        print(options.texts.operators.stats(report))
    }
}

struct AdminGrant: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Give a seller credits, or take some back, and tell them why (/grant).",
        discussion: "A negative amount takes credits back, never below zero; put -- before it: grant 1001 -- -20 typo.")

    @OptionGroup var options: AdminOptions

    @Option(name: .customLong("operator"), help: "The operator recorded with the grant (default: the first of ADMIN_IDS).")
    var operatorID: Int64?

    @Argument(help: "The seller's Telegram user id.")
    var user: Int64

    @Argument(help: "Credits to add (negative: to take back).")
    var credits: Int

    @Argument(help: "Why; the seller is shown it.")
    var reason: [String]

    /// The grant the arguments describe; checked before `run`, so the error comes with this command's usage.
    func validGrant() throws -> CreditGrant {
        guard let grant = CreditGrant(userID: user, credits: credits, reason: reason.joined(separator: " ")) else {
            throw ValidationError("credits must be a whole number from -\(CreditGrant.maxCredits) to \(CreditGrant.maxCredits), "
                                  + "not 0, and the reason 1 to \(CreditGrant.maxReasonLength) characters")
        }
        return grant
    }

    func validate() throws {
        _ = try validGrant()
    }

    func run() throws {
        let grant = try validGrant()
        let configuration = try loadConfiguration(options.configuration)
        let operatorID = try resolveOperator(self.operatorID, configuration)
        // Each run is its own grant; the chat's replayed updates are what must not count twice.
        let outcome = try withMigratedDatabase(configuration) { pool in
            try pool.transaction { db in
                try CreditGrants.make(grant, operatorID: operatorID, reference: "grant:shell:\(UUID().uuidString)", on: db)
            }
        }
        let granted = if case .granted = outcome { true } else { false }
        try answer(outcome.text(grant, texts: options.texts.operators), succeeded: granted)
    }
}

struct AdminUser: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Print /user: a seller's balance, latest orders and purchases.")

    @OptionGroup var options: AdminOptions

    @Argument(help: "The seller's Telegram user id.")
    var user: Int64

    func run() throws {
        let configuration = try loadConfiguration(options.configuration)
        let report = try withMigratedDatabase(configuration) { pool in
            try pool.withConnection { try UserReport.load(userID: user, on: $0) }
        }
        let texts = options.texts.operators
        try answer(report.map(texts.user) ?? texts.unknownUser(user), succeeded: report != nil)
    }
}

struct AdminRefund: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refund",
        abstract: "Refund a Stars purchase (/refund); the running service does it and tells the operator's chat.")

    @OptionGroup var options: AdminOptions

    @Option(name: .customLong("operator"), help: "The chat told the outcome (default: the first of ADMIN_IDS).")
    var operatorID: Int64?

    @Argument(help: "The purchase's telegram_payment_charge_id.")
    var charge: String

    func run() throws {
        let configuration = try loadConfiguration(options.configuration)
        let operatorChatID = try resolveOperator(self.operatorID, configuration)
        let request = try withMigratedDatabase(configuration) { pool in
            try pool.transaction { db in
                try PurchaseRefunds.request(chargeID: charge, operatorChatID: operatorChatID, on: db)
            }
        }
        try answer(request.text(chargeID: charge, texts: options.texts), succeeded: request == .queued)
    }
}

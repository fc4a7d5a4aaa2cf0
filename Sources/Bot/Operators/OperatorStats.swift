import Domain
import KIE
import Postgres

/// `/stats` and `neurocards admin stats`: the figures from PostgreSQL, then each configured KIE key's remaining
/// credits, an account's keys together. It calls KIE, so the webhook never runs it: the chat's `/stats` is a job
/// (`StatsDelivery`).
public struct OperatorStats: Sendable {
    let pool: PostgresPool
    let kie: KIEClient
    let keys: KIEKeys

    public init(pool: PostgresPool, kie: KIEClient, kieKeys: [KIEAPIKey]) {
        self.pool = pool
        self.kie = kie
        keys = KIEKeys(kieKeys)
    }

    public func gather() throws -> StatsReport {
        var report = try pool.withConnection { try Self.figures(on: $0) }
        // KIE's credits are the account's; each key's own line shows that the key works.
        report.kie = keys.accounts.flatMap { account in keys.keys.filter { $0.account == account } }.map { key in
            do {
                return .credits(keyID: keys.label(of: key), try kie.credits(apiKey: key.secret))
            } catch {
                return .unavailable(keyID: keys.label(of: key), problem: "\(error)")
            }
        }
        return report
    }

    static func figures(on db: PostgresConnection) throws -> StatsReport {
        let window = StatsReport.window
        let users = try Users.counts(within: window, on: db)
        let refunds = try Ledger.refunds(within: window, on: db)
        let stars = try Payments.stars(within: window, on: db)
        return StatsReport(
            users: users.total, newUsers: users.new,
            orders: try Orders.countByStatus(within: window, on: db),
            videos: try Videos.countByState(within: window, on: db),
            failures: try Videos.failuresByClass(within: window, on: db),
            refunds: refunds.count, refundedCredits: refunds.credits, stars: stars.recent, starsTotal: stars.total, kie: [],
            uncertainDeliveries: try Videos.uncertainDeliveries(within: window, on: db))
    }
}

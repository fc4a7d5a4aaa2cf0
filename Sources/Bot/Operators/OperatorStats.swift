import Domain
import KIE
import Postgres

/// `/stats` and `neurocards admin stats`: the figures from PostgreSQL, then each configured KIE key's remaining
/// credits. It calls KIE, so the webhook never runs it: the chat's `/stats` is a job (`StatsDelivery`).
public struct OperatorStats: Sendable {
    let pool: PostgresPool
    let kie: KIEClient
    let keys: KIEKeys

    public init(pool: PostgresPool, kie: KIEClient, kieKeys: [String]) {
        self.pool = pool
        self.kie = kie
        keys = KIEKeys(kieKeys)
    }

    public func gather() throws -> StatsReport {
        var report = try pool.withConnection { try Self.figures(on: $0) }
        report.kie = keys.keys.map { key in
            do {
                return .credits(keyID: key.id, try kie.credits(apiKey: key.secret))
            } catch {
                return .unavailable(keyID: key.id, problem: "\(error)")
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

import Domain
import Postgres

extension UserReport {
    /// `/user` and `neurocards admin user`: the seller with their latest orders and purchases; nil when unknown.
    public static func load(userID: Int64, on db: PostgresConnection) throws -> UserReport? {
        guard var report = try Users.report(userID: userID, on: db) else { return nil }
        report.orders = try Orders.summaries(userID: userID, limit: shownOrders, on: db)
        report.purchases = try Payments.purchases(userID: userID, limit: shownPurchases, on: db)
        return report
    }
}

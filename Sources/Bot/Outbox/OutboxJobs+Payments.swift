import JobQueue
import Postgres
import Telegram

/// Invoices go out like messages, in the chat's order; pre-checkout answers go first, as Telegram waits only 10 s.
extension OutboxJobs {
    public static let invoiceKind = "telegram.invoice"
    public static let preCheckoutKind = "telegram.pre_checkout"

    public struct InvoicePayload: Codable, Sendable, Equatable {
        public var chatID: Int64
        public var title: String
        public var description: String
        public var payload: String
        public var stars: Int
    }

    public struct PreCheckoutPayload: Codable, Sendable, Equatable {
        public var queryID: String
        public var ok: Bool
        public var errorMessage: String?
    }

    static func sendInvoice(_ invoice: InvoicePayload, uniqueKey: String, on db: PostgresConnection) throws {
        try JobQueue.enqueueAtCommit(.json(kind: invoiceKind, payload: invoice, uniqueKey: uniqueKey, priority: 1,
                                            sequenceKey: sequenceKey(invoice.chatID)), on: db)
    }

    static func answerPreCheckout(queryID: String, refusal: String?, on db: PostgresConnection) throws {
        let payload = PreCheckoutPayload(queryID: queryID, ok: refusal == nil, errorMessage: refusal)
        try JobQueue.enqueueAtCommit(.json(kind: preCheckoutKind, payload: payload,
                                            uniqueKey: "pre-checkout:\(queryID)", priority: 2, maxAttempts: 3), on: db)
    }
}

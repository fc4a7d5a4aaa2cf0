import Domain
import JobQueue
import Postgres

/// The chat's `/stats`: the webhook may not call KIE, so it queues this job, which gathers the report (asking KIE)
/// and sends it through the outbox.
public struct StatsDelivery: Sendable {
    public static let kind = "operator.stats"

    struct Payload: Codable, Sendable {
        var chatID: Int64
        var language: Language
        /// Names the request (its update), so a rerun of the job never sends the report twice.
        var requestKey: String
    }

    let stats: OperatorStats
    let pool: PostgresPool

    public init(stats: OperatorStats, pool: PostgresPool) {
        self.stats = stats
        self.pool = pool
    }

    /// In the caller's transaction.
    static func request(chatID: Int64, language: Language, requestKey: String, on db: PostgresConnection) throws {
        let payload = Payload(chatID: chatID, language: language, requestKey: requestKey)
        _ = try JobQueue.enqueue(.json(kind: kind, payload: payload, uniqueKey: "stats:\(requestKey)", priority: 1,
                                       maxAttempts: 3), on: db)
    }

    public var handlers: [String: JobHandler] {
        [Self.kind: { job in try deliver(job.decode(Payload.self)) }]
    }

    func deliver(_ request: Payload) throws -> JobOutcome {
        let report = try stats.gather()
        try pool.transaction { db in
            try OutboxJobs.sendOnce(OutgoingMessage(request.language.texts.operators.stats(report)),
                                    chatID: request.chatID, key: "stats:\(request.requestKey)", on: db)
        }
        return .done
    }
}

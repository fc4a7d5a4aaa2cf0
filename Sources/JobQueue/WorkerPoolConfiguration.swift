extension WorkerPool {
    /// Every knob of a worker pool, with production defaults as named constants; tests shrink the intervals.
    public struct Configuration: Sendable {
        public static let defaultWorkers = 5
        public static let defaultMaxAttempts = 25
        public static let defaultLeaseDuration: Duration = .seconds(60)
        public static let defaultLeaseRenewInterval: Duration = .seconds(15)
        public static let defaultPollInterval: Duration = .seconds(1)
        public static let defaultRescueInterval: Duration = .seconds(15)
        public static let defaultRetention: Duration = .seconds(24 * 3600)
        public static let defaultPruneInterval: Duration = .seconds(300)
        public static let defaultProcessHeartbeatInterval: Duration = .seconds(10)
        public static let defaultStateReportInterval: Duration = .seconds(15)
        public static let defaultStopTimeout: Duration = .seconds(20)
        public static let defaultMaxClaimBatch = 100
        public static let defaultMaxCompletionBatch = 500

        /// Threads running handlers in this process (`WORKERS`).
        public var workers = defaultWorkers
        /// Attempts for a job enqueued without its own limit, by kind; `defaultMaxAttempts` for other kinds.
        public var maxAttemptsByKind: [String: Int] = [:]
        public var defaultMaxAttempts = defaultMaxAttempts
        /// Backoff after a thrown error or a `.retry` without an explicit delay.
        public var retryPolicy = RetryPolicy.default
        /// How long a claim holds without renewal; a dead worker's job is rescued this long after its last renewal.
        public var leaseDuration = defaultLeaseDuration
        /// How often the leases of jobs in this process's hands are renewed; well under `leaseDuration`.
        public var leaseRenewInterval = defaultLeaseRenewInterval
        /// The longest an idle worker waits for work when no notification comes (the floor under LISTEN/NOTIFY,
        /// and how soon delayed, retried and snoozed jobs are picked up).
        public var pollInterval = defaultPollInterval
        public var rescueInterval = defaultRescueInterval
        /// Finished (done or failed) jobs are deleted this long after they finish.
        public var retention = defaultRetention
        public var pruneInterval = defaultPruneInterval
        /// How often this process records that it is alive in `worker_processes`.
        public var processHeartbeatInterval = defaultProcessHeartbeatInterval
        /// How often the jobs-by-state gauge is refreshed.
        public var stateReportInterval = defaultStateReportInterval
        /// How long `stop()` lets running jobs finish before handing them back to the queue.
        public var stopTimeout = defaultStopTimeout
        /// Most jobs claimed in one statement.
        public var maxClaimBatch = defaultMaxClaimBatch
        /// Most outcomes written in one transaction.
        public var maxCompletionBatch = defaultMaxCompletionBatch

        public init() {}

        func maxAttempts(forKind kind: String) -> Int {
            maxAttemptsByKind[kind] ?? defaultMaxAttempts
        }

        func validate() throws {
            func require(_ condition: Bool, _ reason: String) throws {
                if !condition { throw JobQueueError.invalidConfiguration(reason) }
            }
            try require((1...1000).contains(workers), "workers must be between 1 and 1000, got \(workers)")
            try require(defaultMaxAttempts >= 1, "defaultMaxAttempts must be at least 1")
            try require(maxAttemptsByKind.values.allSatisfy { $0 >= 1 }, "maxAttemptsByKind values must be at least 1")
            for (name, interval) in [("leaseDuration", leaseDuration), ("leaseRenewInterval", leaseRenewInterval),
                                     ("pollInterval", pollInterval), ("rescueInterval", rescueInterval),
                                     ("pruneInterval", pruneInterval), ("processHeartbeatInterval", processHeartbeatInterval),
                                     ("stateReportInterval", stateReportInterval)] {
                try require(interval > .zero, "\(name) must be positive")
            }
            try require(retention >= .zero && stopTimeout >= .zero, "retention and stopTimeout must not be negative")
            try require(leaseRenewInterval < leaseDuration, "leaseRenewInterval must be shorter than leaseDuration")
            try require(retryPolicy.base >= .zero && retryPolicy.cap >= .zero, "retry delays must not be negative")
            try require(maxClaimBatch >= 1 && maxCompletionBatch >= 1, "batch sizes must be at least 1")
        }
    }
}

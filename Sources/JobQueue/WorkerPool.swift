import Foundation
import Logging
import Postgres

/// Runs jobs in this process: `workers` handler threads fed by one fetcher, one LISTEN connection to wake
/// them and one NOTIFY connection to wake other processes (`Announcer`), one completer writing outcomes, and the maintenance services (lease renewal, rescuer, pruner, process
/// heartbeat, state gauge). Any number of processes can run one against the same database.
///
/// The pool's connections serve the fetcher, the completer and the maintenance services (a few at a time) as
/// well as whatever the handlers use; the LISTEN connection is separate (`listenURL`).
public final class WorkerPool: Sendable {
    /// This process's id in `worker_processes` and in `jobs.worker_id`.
    public let processID = UUID()

    private let pool: PostgresPool
    private let listenURL: String
    private let handlers: [String: JobHandler]
    private let configuration: Configuration
    private let logger: Logger
    private let metrics = QueueMetrics()
    private let state = Locked<RunState>(.notStarted)

    private enum RunState {
        case notStarted
        case running(Running)
        case stopped
    }

    /// The moving parts of a started pool.
    private struct Running {
        let dispatch: JobDispatch
        let inFlight: InFlightJobs
        let fetcher: Fetcher
        let notifier: Notifier
        let broadcaster: Broadcaster
        let database: String
        let completer: Completer
        let workers: [BackgroundThread]
        let services: [PeriodicService]
        let heartbeat: ProcessHeartbeat
    }

    public init(pool: PostgresPool, listenURL: String, handlers: [String: JobHandler],
                configuration: Configuration = Configuration(), logger: Logger) {
        self.pool = pool
        self.listenURL = listenURL
        self.handlers = handlers
        self.configuration = configuration
        self.logger = logger
    }

    /// Registers the process and starts the threads. Throws for an invalid configuration or when the database
    /// cannot be reached.
    public func start() throws {
        try configuration.validate()
        guard !handlers.isEmpty else { throw JobQueueError.invalidConfiguration("no handlers") }
        if let kind = handlers.keys.first(where: { $0.isEmpty || $0.count > 200 }) {
            throw JobQueueError.invalidConfiguration("job kinds must have 1 to 200 characters: \(kind)")
        }
        try state.withLock { state in
            guard case .notStarted = state else { throw JobQueueError.alreadyStarted }
            state = .running(try makeRunning())
        }
        logger.info("worker pool started", metadata: [
            "process": "\(processID)", "workers": "\(configuration.workers)",
            "kinds": "\(handlers.keys.sorted().joined(separator: ","))",
        ])
    }

    /// Stops claiming, lets running jobs finish for up to `stopTimeout`, hands back every job not finished,
    /// records the outcomes and marks the process stopped. Safe to call more than once.
    public func stop() {
        let running: Running? = state.withLock { state in
            guard case .running(let running) = state else { return nil }
            state = .stopped
            return running
        }
        guard let running else { return }
        logger.info("worker pool stopping", metadata: ["process": "\(processID)"])

        Announcer.shared.detach(id: processID, database: running.database)
        running.broadcaster.stop()
        running.notifier.stop()
        let unstarted = running.dispatch.stop()
        running.fetcher.join()
        running.fetcher.handBack(unstarted.map(\.lease))

        let deadline = ContinuousClock.now + configuration.stopTimeout
        let allFinished = running.workers.allSatisfy { worker in
            worker.join(timeout: max(.zero, deadline - ContinuousClock.now))
        }
        running.completer.stop()
        let stillRunning = running.inFlight.all
        if !stillRunning.isEmpty {
            logger.warning("handing back jobs that outlasted the stop timeout", metadata: [
                "jobs": "\(stillRunning.map(\.id))", "all_workers_finished": "\(allFinished)",
            ])
            running.fetcher.handBack(stillRunning)
        }

        for service in running.services {
            service.stop()
        }
        do {
            try running.heartbeat.markStopped()
        } catch {
            logger.warning("could not mark the worker process stopped", metadata: ["error": "\(error)"])
        }
        logger.info("worker pool stopped", metadata: ["process": "\(processID)"])
    }

    private func makeRunning() throws -> Running {
        let heartbeat = ProcessHeartbeat(pool: pool, workerID: processID, workers: configuration.workers)
        try heartbeat.register()
        let database = try pool.withConnection { $0.databaseIdentity }

        let kinds = handlers.keys.sorted()
        let dispatch = JobDispatch(capacity: configuration.workers)
        let inFlight = InFlightJobs()
        let completer = Completer(pool: pool, workerID: processID, maxBatch: configuration.maxCompletionBatch,
                                  inFlight: inFlight, dispatch: dispatch, logger: logger)
        completer.start()
        let workers = (1...configuration.workers).map { index in
            let worker = Worker(name: "\(index)", handlers: handlers, retryPolicy: configuration.retryPolicy,
                                dispatch: dispatch, completer: completer, metrics: metrics, logger: logger)
            return BackgroundThread(name: "jobqueue-worker-\(index)") { worker.run() }
        }
        let fetcher = Fetcher(pool: pool, kinds: kinds, workerID: processID, configuration: configuration,
                              dispatch: dispatch, inFlight: inFlight, logger: logger)
        fetcher.start()
        let notifier = Notifier(url: listenURL, kinds: Set(kinds), dispatch: dispatch, logger: logger)
        notifier.start()
        let broadcaster = Broadcaster(url: listenURL, processID: processID,
                                      heartbeatInterval: configuration.processHeartbeatInterval, logger: logger)
        broadcaster.start()
        Announcer.shared.attach(.init(id: processID, kinds: Set(kinds), dispatch: dispatch, broadcaster: broadcaster),
                                database: database)

        let leaseKeeper = LeaseKeeper(pool: pool, workerID: processID, leaseDuration: configuration.leaseDuration,
                                      inFlight: inFlight, metrics: metrics, logger: logger)
        let rescuer = Rescuer(pool: pool, metrics: metrics, logger: logger)
        let pruner = Pruner(pool: pool, retention: configuration.retention, logger: logger)
        let reporter = StateReporter(pool: pool, metrics: metrics)
        let services = [
            PeriodicService(name: "jobqueue-lease-keeper", interval: configuration.leaseRenewInterval,
                            logger: logger, round: leaseKeeper.round),
            PeriodicService(name: "jobqueue-rescuer", interval: configuration.rescueInterval,
                            logger: logger, round: rescuer.round),
            PeriodicService(name: "jobqueue-pruner", interval: configuration.pruneInterval,
                            logger: logger, round: pruner.round),
            PeriodicService(name: "jobqueue-process-heartbeat", interval: configuration.processHeartbeatInterval,
                            logger: logger, round: heartbeat.round),
            PeriodicService(name: "jobqueue-state-reporter", interval: configuration.stateReportInterval,
                            logger: logger, round: reporter.round),
        ]
        return Running(dispatch: dispatch, inFlight: inFlight, fetcher: fetcher, notifier: notifier,
                       broadcaster: broadcaster, database: database, completer: completer, workers: workers, services: services, heartbeat: heartbeat)
    }
}

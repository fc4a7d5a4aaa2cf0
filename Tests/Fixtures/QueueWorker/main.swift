// A second worker process for the queue's tests and its benchmark, run through Foundation.Process:
//
//   queue-worker-fixture work <database-url> [--workers N] [--lease-ms N] [--renew-ms N] [--poll-ms N]
//       Runs a worker pool until SIGTERM/SIGINT (graceful stop, exit 0). Handlers: "record" inserts the run into
//       `executions` (process "fixture-<pid>") and finishes; "stall" inserts the run and then blocks (to be
//       killed mid-job). Prints "ready <process id>" once started.
//   queue-worker-fixture bench <database-url> [--jobs N] [--workers N] [--samples N]
//       Measures throughput on no-op jobs and claim-to-start latency with idle workers; see Bench.swift.
import Dispatch
import Foundation
import JobQueue
import Logging
import Postgres

let arguments = FixtureArguments(CommandLine.arguments.dropFirst())
var logger = Logger(label: "queue-worker-fixture")
logger.logLevel = .warning

do {
    switch arguments.mode {
    case "work":
        try work(arguments, logger: logger)
    case "bench":
        try Bench(arguments: arguments, logger: logger).run()
        exit(0)
    default:
        FileHandle.standardError.write(Data("usage: queue-worker-fixture work|bench <database-url> [options]\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("queue-worker-fixture: \(error)\n".utf8))
    exit(1)
}

func work(_ arguments: FixtureArguments, logger: Logger) throws -> Never {
    let url = try arguments.url()
    var configuration = WorkerPool.Configuration()
    configuration.workers = arguments.int("--workers") ?? 10
    configuration.leaseDuration = .milliseconds(arguments.int("--lease-ms") ?? 60_000)
    configuration.leaseRenewInterval = .milliseconds(arguments.int("--renew-ms") ?? 15_000)
    configuration.pollInterval = .milliseconds(arguments.int("--poll-ms") ?? 1_000)

    let pool = PostgresPool(configuration: .init(url: url, minConnections: 1,
                                                     maxConnections: configuration.workers + 5,
                                                     acquireTimeout: .seconds(20)),
                                logger: logger)
    let process = "fixture-\(getpid())"
    let record: @Sendable (Job) throws -> Void = { job in
        _ = try pool.execute("INSERT INTO executions (job_id, attempt, process) VALUES ($1, $2, $3)",
                             [job.id, job.attempt, process])
    }
    let workers = WorkerPool(pool: pool, listenURL: url, handlers: [
        "record": { job in
            try record(job)
            return .done
        },
        "stall": { job in
            try record(job)
            Thread.sleep(forTimeInterval: 600)
            return .done
        },
    ], configuration: configuration, logger: logger)
    try workers.start()
    FileHandle.standardOutput.write(Data("ready \(workers.processID.uuidString)\n".utf8))

    signal(SIGTERM, SIG_IGN)
    signal(SIGINT, SIG_IGN)
    let stopRequests = [SIGTERM, SIGINT].map { DispatchSource.makeSignalSource(signal: $0, queue: .global()) }
    for source in stopRequests {
        source.setEventHandler {
            workers.stop()
            pool.close()
            exit(0)
        }
        source.resume()
    }
    dispatchMain()
}

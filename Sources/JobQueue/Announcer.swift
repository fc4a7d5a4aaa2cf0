import Foundation
import Logging
import Postgres
import Synchronization

/// Tells workers that jobs became due, after the transaction that made them commits: this process's pools at
/// once, other processes by one NOTIFY per burst from a session of its own.
///
/// Enqueueing never NOTIFYs inside its own transaction: PostgreSQL holds one database-wide lock from the commit
/// of a notifying transaction until its WAL is flushed, so notifying commits cannot share a flush. On a durable
/// server that capped every transaction that enqueued a job (each webhook update) at one commit per disk flush;
/// `pgbench -N` with a NOTIFY in each transaction falls from 8,900 to 2,300 tps on the same cluster. The
/// announcer's own NOTIFY commits without waiting for the disk, since a lost notification only costs a poll.
final class Announcer: Sendable {
    static let shared = Announcer()

    /// A started worker pool: the kinds it runs and where to wake it, and its database for the NOTIFY.
    struct Listener: Sendable {
        let id: UUID
        let kinds: Set<String>
        let dispatch: JobDispatch
        let broadcaster: Broadcaster
    }

    private let listeners = Mutex<[String: [Listener]]>([:])

    func attach(_ listener: Listener, database: String) {
        listeners.withLock { $0[database, default: []].append(listener) }
    }

    func detach(id: UUID, database: String) {
        listeners.withLock { $0[database]?.removeAll { $0.id == id } }
    }

    /// Jobs of `kind` were committed in `database` and are due now. Without a worker pool in this process (an
    /// operator's command line), other processes find them at their next poll.
    func announce(kind: String, database: String) {
        let attached = listeners.withLock { $0[database] ?? [] }
        for listener in attached where listener.kinds.contains(kind) {
            listener.dispatch.wake()
        }
        attached.first?.broadcaster.send(kind)
    }
}

/// Sends the NOTIFYs for one worker pool's database on a thread and session of its own, folding whatever kinds
/// were announced while the previous NOTIFY was in flight into the next one. While no other process runs a pool
/// (`worker_processes`, looked at every `othersCheckInterval`) it sends none: the only listener would be this
/// process's own, already woken directly. In bench/webhook those NOTIFYs were a quarter of the commits.
final class Broadcaster: @unchecked Sendable {
    private static let reconnectDelay: Duration = .seconds(1)
    /// A process started since the last look finds the jobs at its next poll meanwhile.
    static let othersCheckInterval: Duration = .seconds(2)

    private let url: String
    private let processID: UUID
    /// How recent a heartbeat shows another process alive.
    private let heardWithin: Duration
    private let logger: Logger
    private let condition = NSCondition()
    private var pending: Set<String> = []
    private var stopping = false
    private var thread: BackgroundThread?

    init(url: String, processID: UUID, heartbeatInterval: Duration, logger: Logger) {
        self.url = url
        self.processID = processID
        heardWithin = heartbeatInterval * 3
        self.logger = logger
    }

    func start() {
        condition.lock()
        thread = BackgroundThread(name: "jobqueue-broadcaster") { [self] in run() }
        condition.unlock()
    }

    func send(_ kind: String) {
        condition.lock()
        pending.insert(kind)
        condition.signal()
        condition.unlock()
    }

    func stop() {
        condition.lock()
        stopping = true
        let thread = thread
        condition.signal()
        condition.unlock()
        thread?.join()
    }

    private func run() {
        var connection: PostgresConnection?
        var othersLookedAt: ContinuousClock.Instant?
        var othersRunning = true
        while let kinds = nextKinds() {
            do {
                let session = try connection ?? open()
                connection = session
                if othersLookedAt.map({ ContinuousClock.now - $0 >= Self.othersCheckInterval }) ?? true {
                    othersRunning = try JobStore.otherProcessesRunning(besides: processID, heardWithin: heardWithin,
                                                                       on: session)
                    othersLookedAt = ContinuousClock.now
                }
                guard othersRunning else { continue }
                _ = try session.query("SELECT pg_notify($1, kind) FROM unnest($2::text[]) AS kind",
                                      [JobStore.availableChannel, SQLArray.text(kinds.sorted())])
            } catch {
                logger.warning("could not announce new jobs to other processes; they will find them by polling",
                               metadata: ["error": "\(error)"])
                connection?.close()
                connection = nil
                Thread.sleep(forTimeInterval: Self.reconnectDelay.seconds)
            }
        }
        connection?.close()
    }

    private func open() throws -> PostgresConnection {
        let connection = try PostgresConnection(url: url)
        try connection.execute("SET synchronous_commit TO off")
        return connection
    }

    /// Waits for announced kinds; nil once stopping.
    private func nextKinds() -> Set<String>? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !stopping {
            condition.wait()
        }
        guard !stopping else { return nil }
        defer { pending = [] }
        return pending
    }
}

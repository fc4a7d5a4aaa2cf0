import Logging
import Postgres

/// Holds this process's one LISTEN connection and wakes the fetcher when a job of a kind it runs becomes due,
/// so idle workers start at once instead of at the next poll. Notifications are a hint: when the connection
/// drops, polling carries on and the notifier reconnects.
final class Notifier: Sendable {
    /// How often the listening loop checks for a stop request.
    private static let waitSlice: Duration = .milliseconds(250)
    private static let reconnectDelay: Duration = .seconds(1)

    private let url: String
    private let kinds: Set<String>
    private let dispatch: JobDispatch
    private let logger: Logger
    private let stopSignal = StopSignal()
    private let thread = Locked<BackgroundThread?>(nil)

    init(url: String, kinds: Set<String>, dispatch: JobDispatch, logger: Logger) {
        self.url = url
        self.kinds = kinds
        self.dispatch = dispatch
        self.logger = logger
    }

    func start() {
        thread.withLock { $0 = BackgroundThread(name: "jobqueue-notifier") { [self] in run() } }
    }

    func stop() {
        stopSignal.stop()
        thread.withLock { $0 }?.join()
    }

    private func run() {
        repeat {
            do {
                try listen()
            } catch {
                logger.warning("job notifications lost; polling until reconnected", metadata: ["error": "\(error)"])
            }
        } while stopSignal.sleep(Self.reconnectDelay)
    }

    private func listen() throws {
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        try connection.listen(JobStore.availableChannel)
        // Jobs may have become due while nobody listened.
        dispatch.wake()
        while !stopSignal.isStopped {
            let notifications = try connection.waitForNotifications(timeout: Self.waitSlice)
            // An empty payload (rescues, hand-backs) concerns every kind.
            if notifications.contains(where: { $0.payload.isEmpty || kinds.contains($0.payload) }) {
                dispatch.wake()
            }
        }
    }
}

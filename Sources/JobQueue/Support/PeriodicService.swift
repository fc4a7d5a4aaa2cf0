import Logging

/// Runs one round of a maintenance task (rescuer, pruner, heartbeats, ...) every `interval` on its own thread
/// until stopped. A failed round is logged and the next one runs on schedule.
final class PeriodicService: Sendable {
    private let stopSignal = StopSignal()
    private let thread: BackgroundThread

    init(name: String, interval: Duration, logger: Logger, round: @escaping @Sendable () throws -> Void) {
        let stopSignal = stopSignal
        thread = BackgroundThread(name: name) {
            repeat {
                do {
                    try round()
                } catch {
                    logger.warning("\(name) round failed", metadata: ["error": "\(error)"])
                }
            } while stopSignal.sleep(interval)
        }
    }

    /// Ends the loop after the round in progress, if any.
    func stop() {
        stopSignal.stop()
        thread.join()
    }
}

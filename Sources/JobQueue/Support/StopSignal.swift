import Foundation
import Timekeeping

/// Lets a background loop sleep between rounds yet notice a stop request at once.
final class StopSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false

    var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Sleeps for `duration` or until stopped; returns false once stopped.
    func sleep(_ duration: Duration) -> Bool {
        let deadline = Date().addingTimeInterval(duration.seconds)
        condition.lock()
        defer { condition.unlock() }
        while !stopped && condition.wait(until: deadline) {}
        return !stopped
    }
}

import Foundation
import Timekeeping

/// A named thread that can be waited for: the pool's moving parts block in libpq, so each runs on its own.
final class BackgroundThread: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    init(name: String, _ body: @escaping @Sendable () -> Void) {
        let finished = finished
        let thread = Thread {
            body()
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Waits for the body to return, at most `timeout` when given; returns whether it did.
    @discardableResult
    func join(timeout: Duration? = nil) -> Bool {
        let deadline: DispatchTime = timeout.map { .now() + $0.seconds } ?? .distantFuture
        guard finished.wait(timeout: deadline) == .success else { return false }
        finished.signal()  // so that later joins return at once
        return true
    }
}

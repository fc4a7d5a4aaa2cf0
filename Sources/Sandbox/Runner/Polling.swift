import Foundation

/// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held. The stand-ins offer it
/// to tests and tools that wait for something to happen at a stand-in.
func poll(until condition: () -> Bool, timeout: Duration) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return true
}

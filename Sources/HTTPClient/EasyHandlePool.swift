import Foundation

/// A small LIFO stack of idle easy handles. Taking the most recently used handle favours connections that
/// are still alive on the server side.
final class EasyHandlePool: @unchecked Sendable {
    // Unchecked Sendable: `idle` is only touched under `lock`.
    private let lock = NSLock()
    private var idle: [EasyHandle] = []
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    func acquire() throws -> EasyHandle {
        if let handle = lock.withLock({ idle.popLast() }) { return handle }
        guard let handle = EasyHandle() else { throw HTTPClientError.transport("curl_easy_init failed") }
        return handle
    }

    /// Keeps `handle` for reuse, or lets it close (and its connections with it) when the pool is full.
    func release(_ handle: EasyHandle) {
        lock.withLock {
            if idle.count < capacity { idle.append(handle) }
        }
    }
}

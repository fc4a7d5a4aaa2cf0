import Synchronization

/// A small LIFO stack of idle easy handles. Taking the most recently used handle favours connections that
/// are still alive on the server side.
final class EasyHandlePool: Sendable {
    private let idle = Mutex<[EasyHandle]>([])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    func acquire() throws -> EasyHandle {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        guard let handle = EasyHandle() else { throw HTTPClientError.transport("curl_easy_init failed") }
        return handle
    }

    /// Keeps `handle` for reuse, or lets it close (and its connections with it) when the pool is full.
    func release(_ handle: EasyHandle) {
        idle.withLock { handles in
            if handles.count < capacity { handles.append(handle) }
        }
    }
}

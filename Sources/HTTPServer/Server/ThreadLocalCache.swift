import Glibc
import Metrics

/// Per-thread caches for the response hot path: the formatted `Date` line and metric objects. Every
/// handler and I/O thread touches these on each response; per-thread copies need no lock at all.
final class ThreadLocalCache {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<ThreadLocalCache>.fromOpaque(pointer).release()
        }
        return key
    }()

    static var current: ThreadLocalCache {
        if let existing = pthread_getspecific(key) {
            return Unmanaged<ThreadLocalCache>.fromOpaque(existing).takeUnretainedValue()
        }
        let cache = ThreadLocalCache()
        pthread_setspecific(key, Unmanaged.passRetained(cache).toOpaque())
        return cache
    }

    private var dateSecond = -1
    private var dateLine: [UInt8] = []
    var counters: [RequestMetricKey: Counter] = [:]
    var timers: [String: Metrics.Timer] = [:]

    /// "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", reformatted when the second changes.
    func dateHeaderLine() -> [UInt8] {
        let now = time(nil)
        if now != dateSecond {
            dateSecond = now
            dateLine = DateFormatting.headerLine(now)
        }
        return dateLine
    }
}

struct RequestMetricKey: Hashable {
    let route: String
    let method: String
    let status: Int
}

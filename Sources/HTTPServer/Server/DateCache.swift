import Glibc
import Synchronization

/// The `Date` header line, formatted at most once a second (RFC 9110 IMF-fixdate), not per response.
final class DateCache: Sendable {
    private let cached = Mutex<(second: Int, line: [UInt8])>((second: -1, line: []))

    /// "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n".
    func headerLine() -> [UInt8] {
        let now = time(nil)
        return cached.withLock { cache in
            if cache.second != now {
                cache = (second: now, line: Self.format(now))
            }
            return cache.line
        }
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ seconds: time_t) -> [UInt8] {
        var time = seconds
        var parts = tm()
        gmtime_r(&time, &parts)
        func twoDigits(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "Date: \(weekdays[Int(parts.tm_wday) % 7]), \(twoDigits(parts.tm_mday)) "
            + "\(months[Int(parts.tm_mon) % 12]) \(parts.tm_year + 1900) "
            + "\(twoDigits(parts.tm_hour)):\(twoDigits(parts.tm_min)):\(twoDigits(parts.tm_sec)) GMT\r\n"
        return Array(text.utf8)
    }
}

import Foundation
import Glibc

/// CPU seconds (user + system) as the Linux kernel counts them: this process by getrusage, its threads and other
/// processes by /proc.
enum CPUTime {
    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// Every thread of this process, live or exited.
    static var ownSeconds: Double { usage(RUSAGE_SELF) }

    /// Children of this process that have exited and been waited for (ffmpeg fitting product photos).
    static var childrenSeconds: Double { usage(RUSAGE_CHILDREN) }

    private static func usage(_ who: __rusage_who) -> Double {
        var usage = rusage()
        guard getrusage(__rusage_who_t(who.rawValue), &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The thread ids of this process.
    static func threadIDs() -> Set<Int32> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return Set(names.compactMap { Int32($0) })
    }

    /// The CPU of those of `threads` still alive.
    static func seconds(ofThreads threads: Set<Int32>) -> Double {
        threads.reduce(0) { $0 + (stat("/proc/self/task/\($1)/stat").map { $0.utime + $0.stime } ?? 0) }
    }

    /// PostgreSQL's CPU: the postmaster's own and its reaped children's (backends and helpers that have exited),
    /// plus its live children's. Nil when the postmaster cannot be read.
    static func postgresSeconds(postmaster: Int32) -> Double? {
        guard let main = stat("/proc/\(postmaster)/stat") else { return nil }
        var total = main.utime + main.stime + main.childrenTime
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries where entry.first?.isNumber == true {
            guard let child = stat("/proc/\(entry)/stat"), child.parent == postmaster else { continue }
            total += child.utime + child.stime + child.childrenTime
        }
        return total
    }

    private struct Stat {
        var parent: Int32
        var utime: Double
        var stime: Double
        var childrenTime: Double
    }

    /// Fields 4 (ppid) and 14–17 (utime, stime, cutime, cstime) of a `stat` file; the command name before them is in
    /// parentheses and may hold spaces, so fields are counted from the last ')'.
    private static func stat(_ path: String) -> Stat? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (the state), so field n is fields[n - 3].
        guard fields.count > 14, let parent = Int32(fields[1]) else { return nil }
        let times = (11...14).compactMap { Double(fields[$0]) }
        guard times.count == 4 else { return nil }
        return Stat(parent: parent, utime: times[0] / ticksPerSecond, stime: times[1] / ticksPerSecond,
                    childrenTime: (times[2] + times[3]) / ticksPerSecond)
    }
}

import Glibc
import Timekeeping

/// Nanoseconds on the monotonic clock: cheap (vDSO) and immune to wall-clock jumps, for deadlines.
enum MonotonicClock {
    @inline(__always)
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}

extension MonotonicClock {
    /// A duration as monotonic nanoseconds; a negative one is none at all.
    static func nanoseconds(_ duration: Duration) -> UInt64 {
        UInt64(max(0, duration.nanoseconds))
    }
}

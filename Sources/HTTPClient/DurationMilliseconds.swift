extension Duration {
    /// Whole milliseconds for libcurl, at least 1: libcurl reads 0 as "no timeout at all".
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return seconds < 0 ? 1 : Int(Int32.max) }
        return max(1, Int(clamping: milliseconds + attoseconds / 1_000_000_000_000_000))
    }
}

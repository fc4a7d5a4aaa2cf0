import Timekeeping

extension Duration {
    /// Whole milliseconds for libcurl, at least 1: libcurl reads 0 as "no timeout at all".
    var curlMilliseconds: Int {
        Int(clamping: min(max(1, milliseconds), Int64(Int32.max)))
    }
}

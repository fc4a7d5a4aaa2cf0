import CCurl

/// One libcurl easy handle with its error buffer. The handle keeps its connections alive between transfers,
/// which is why handles are pooled rather than created per request.
///
/// Unchecked Sendable: a handle is owned either by the pool or by exactly one transfer in progress, never
/// both, so only one thread touches it at a time; the pool's lock orders the hand-overs.
final class EasyHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// libcurl's detailed message for the last failure, or `fallback` when it wrote none.
    func errorMessage(fallback code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }
}

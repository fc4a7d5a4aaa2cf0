import CCurl

/// curl_global_init must run once before any other libcurl call and must not race with itself. A global
/// `let` is initialised exactly once, on first use, under the runtime's own once-lock.
private let curlGlobalInitResult = curl_global_init(Int(CURL_GLOBAL_ALL))

enum CurlGlobal {
    static func ensureInitialized() throws {
        guard curlGlobalInitResult == CURLE_OK else {
            throw HTTPClientError.transport("libcurl failed to initialise: \(String(cString: curl_easy_strerror(curlGlobalInitResult)))")
        }
    }
}

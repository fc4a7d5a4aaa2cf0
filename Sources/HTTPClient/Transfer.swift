import CCurl

/// One request on one easy handle: every option set from scratch, the transfer performed, and the outcome
/// reported as the final status or a typed error.
struct Transfer {
    let handle: EasyHandle
    let request: HTTPClientRequest
    let connectTimeout: Duration
    let totalTimeout: Duration
    let userAgent: String

    private var raw: UnsafeMutableRawPointer { handle.raw }

    /// Performs the request and returns the final response's status code.
    func run(collectingInto state: TransferState) throws -> Int {
        try RequestValidation.validate(request)
        // Reset clears the previous request's options but keeps the handle's live connections.
        curl_easy_reset(raw)
        handle.errorBuffer[0] = 0
        try setCommonOptions()
        try setCallbacks(for: state)

        let headerList = try makeHeaderList()
        defer { curl_slist_free_all(headerList) }
        try set(CURLOPT_HTTPHEADER, pointer: headerList)
        let connectTo = try pinConnections()
        defer { curl_slist_free_all(connectTo) }

        let code = try withBodyConfigured {
            withExtendedLifetime(state) { curl_easy_perform(raw) }
        }
        // A failed download's error body overflowing its buffer still leaves a status worth reporting.
        guard code == CURLE_OK || (code == CURLE_WRITE_ERROR && state.abortReason == .errorBodyTruncated) else {
            throw error(for: code, state: state)
        }
        var status = 0
        try check(ccurl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &status))
        return status
    }

    private func setCommonOptions() throws {
        try set(CURLOPT_ERRORBUFFER, pointer: handle.errorBuffer)
        // Signals would interrupt other threads; timeouts then rely on libcurl's threaded resolver.
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_PROTOCOLS_STR, string: "http,https")
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_CONNECTTIMEOUT_MS, connectTimeout.curlMilliseconds)
        try set(CURLOPT_TIMEOUT_MS, totalTimeout.curlMilliseconds)
        try set(CURLOPT_USERAGENT, string: userAgent)
        try set(CURLOPT_URL, string: request.url)
    }

    private func setCallbacks(for state: TransferState) throws {
        let context = Unmanaged.passUnretained(state).toOpaque()
        try set(CURLOPT_HEADERDATA, pointer: context)
        try set(CURLOPT_WRITEDATA, pointer: context)
        try check(ccurl_setopt_write_callback(raw, CURLOPT_HEADERFUNCTION) { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
            let line = UnsafeRawBufferPointer(start: buffer, count: size * count)
            return state.receiveHeaderLine(line) ? size * count : 0
        })
        try check(ccurl_setopt_write_callback(raw, CURLOPT_WRITEFUNCTION) { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
            let chunk = UnsafeRawBufferPointer(start: buffer, count: size * count)
            return state.receiveBody(chunk) ? size * count : 0
        })
    }

    /// Sends every connection of the request to `connectAddress`: a connect-to entry with an empty host and port
    /// matches whatever host and port libcurl reads from the URL, so no parse of the URL can slip past it, and an
    /// empty proxy overrides any proxy the environment names (a proxy would resolve the host itself).
    private func pinConnections() throws -> UnsafeMutablePointer<curl_slist>? {
        guard let text = request.connectAddress, let address = ConnectAddress(text) else { return nil }
        guard let list = curl_slist_append(nil, "::\(address.connectToHost):") else {
            throw HTTPClientError.transport("out of memory building the connect-to list")
        }
        do {
            try set(CURLOPT_CONNECT_TO, pointer: list)
            try set(CURLOPT_PROXY, string: "")
        } catch {
            curl_slist_free_all(list)
            throw error
        }
        return list
    }

    /// The caller's headers, plus blank overrides that stop libcurl adding headers nobody asked for:
    /// `Expect: 100-continue` (a one-second stall against servers that ignore it) and the form Content-Type
    /// it assumes for raw bodies (multipart keeps libcurl's, which carries the boundary).
    private func makeHeaderList() throws -> UnsafeMutablePointer<curl_slist>? {
        var lines = request.headers.map { name, value in
            // "Name:" would tell libcurl to remove the header; "Name;" sends it with an empty value.
            value.isEmpty ? "\(name);" : "\(name): \(value)"
        }
        let named = { (name: String) in request.headers.contains { HeaderName.equal($0.0, name) } }
        if !named("Expect") { lines.append("Expect:") }
        if !named("Content-Type") {
            if case .multipart = request.body {} else { lines.append("Content-Type:") }
        }

        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let extended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw HTTPClientError.transport("out of memory building request headers")
            }
            list = extended
        }
        return list
    }

    /// Sets the method and body options, then runs `perform` while the body's memory is guaranteed alive.
    private func withBodyConfigured(_ perform: () -> CURLcode) throws -> CURLcode {
        let method = request.method
        switch request.body {
        case .empty where method == "HEAD":
            try set(CURLOPT_NOBODY, 1)
            return perform()
        case .empty where method != "POST" && method != "PUT" && method != "PATCH":
            try set(CURLOPT_HTTPGET, 1)
            if method != "GET" { try set(CURLOPT_CUSTOMREQUEST, string: method) }
            return perform()
        case .empty:
            return try withBytesBody([], perform)
        case .bytes(let bytes):
            return try withBytesBody(bytes, perform)
        case .multipart(let parts):
            let mime = try MultipartBody.make(parts, for: raw)
            defer { curl_mime_free(mime) }
            try set(CURLOPT_MIMEPOST, pointer: UnsafeMutableRawPointer(mime))
            if method != "POST" { try set(CURLOPT_CUSTOMREQUEST, string: method) }
            return perform()
        }
    }

    private func withBytesBody(_ bytes: [UInt8], _ perform: () -> CURLcode) throws -> CURLcode {
        guard request.method != "HEAD" else { throw HTTPClientError.invalidRequest("HEAD cannot carry a body") }
        return try bytes.withUnsafeBufferPointer { buffer in
            try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: curl_off_t(buffer.count))
            if let base = buffer.baseAddress {
                // Not copied: libcurl reads straight from `bytes`, alive until `perform` returns.
                try set(CURLOPT_POSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: base))
            } else {
                try set(CURLOPT_COPYPOSTFIELDS, string: "")
            }
            if request.method != "POST" { try set(CURLOPT_CUSTOMREQUEST, string: request.method) }
            return perform()
        }
    }

    private func set(_ option: CURLoption, _ value: Int) throws {
        try check(ccurl_setopt_long(raw, option, value))
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws {
        try check(ccurl_setopt_pointer(raw, option, pointer))
    }

    private func set(_ option: CURLoption, string: String) throws {
        // libcurl copies string options, so the temporary C string may go away afterwards.
        try check(ccurl_setopt_string(raw, option, string))
    }

    private func set(_ option: CURLoption, offset: curl_off_t) throws {
        try check(ccurl_setopt_offset(raw, option, offset))
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else {
            throw HTTPClientError.transport("libcurl rejected an option: \(String(cString: curl_easy_strerror(code)))")
        }
    }
}

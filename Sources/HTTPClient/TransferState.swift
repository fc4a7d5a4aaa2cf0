/// What the libcurl callbacks of one transfer collect: the final response's status line and headers and
/// the body, with every limit enforced as bytes arrive. libcurl runs the callbacks synchronously on the
/// thread inside curl_easy_perform, so no locking is needed.
final class TransferState {
    enum Destination {
        case memory
        /// A download: a 2xx body streams to the file; an error body is kept (truncated) in memory instead.
        case file(DownloadFile)
    }

    enum AbortReason: Equatable {
        case bodyTooLarge
        case headersTooLarge
        /// An error body in download mode passed `errorBodyLimit`; what was kept is enough to report.
        case errorBodyTruncated
        case fileWriteFailed(errno: Int32)
    }

    /// Total bytes of status lines and headers accepted across the interim and final responses.
    static let headerLimit = 64 << 10
    /// How much of a failed download's error body is kept for the error.
    static let errorBodyLimit = 64 << 10

    let destination: Destination
    let bodyLimit: Int
    /// False for HEAD, whose Content-Length describes a body that is never sent.
    let checksDeclaredLength: Bool

    private(set) var status = 0
    private(set) var headers: [(String, String)] = []
    private(set) var body: [UInt8] = []
    private(set) var abortReason: AbortReason?
    private var headerBytes = 0
    private var bodyBytes = 0

    init(destination: Destination, bodyLimit: Int, checksDeclaredLength: Bool) {
        self.destination = destination
        self.bodyLimit = max(0, bodyLimit)
        self.checksDeclaredLength = checksDeclaredLength
    }

    private var isSuccess: Bool { (200..<300).contains(status) }

    /// Handles one header line as libcurl delivers it (status line, field, or the blank line ending a block).
    /// Returns false to abort the transfer.
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) -> Bool {
        headerBytes += line.count
        guard headerBytes <= Self.headerLimit else { return abort(.headersTooLarge) }

        var bytes = ArraySlice(line)
        while let last = bytes.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: "\n") { bytes.removeLast() }

        if bytes.starts(with: "HTTP/".utf8) {
            // Every response, interim (1xx) or final, begins with a status line; only the last one counts.
            status = Self.statusCode(inStatusLine: bytes) ?? 0
            headers.removeAll(keepingCapacity: true)
        } else if bytes.isEmpty {
            if status >= 200, declaredLengthExceedsLimit() { return abort(.bodyTooLarge) }
        } else if let first = bytes.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            // Obsolete line folding: the line continues the previous field's value.
            if let last = headers.popLast() {
                headers.append((last.0, last.1 + " " + Self.trimmedText(bytes)))
            }
        } else if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            headers.append((Self.trimmedText(bytes[..<colon]), Self.trimmedText(bytes[(colon + 1)...])))
        }
        return true
    }

    /// Handles one piece of the body. Returns false to abort the transfer.
    func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if case .file(let file) = destination, isSuccess {
            guard bodyBytes + chunk.count <= bodyLimit else { return abort(.bodyTooLarge) }
            if let error = file.write(chunk) { return abort(.fileWriteFailed(errno: error)) }
        } else if case .file = destination {
            let room = Self.errorBodyLimit - body.count
            body.append(contentsOf: chunk.prefix(room))
            if chunk.count > room { return abort(.errorBodyTruncated) }
        } else {
            guard bodyBytes + chunk.count <= bodyLimit else { return abort(.bodyTooLarge) }
            body.append(contentsOf: chunk)
        }
        bodyBytes += chunk.count
        return true
    }

    private func abort(_ reason: AbortReason) -> Bool {
        abortReason = reason
        return false
    }

    /// Refuses up front a body declared larger than allowed. Error bodies of downloads are exempt: they
    /// are truncated instead, so the caller still learns the status.
    private func declaredLengthExceedsLimit() -> Bool {
        guard checksDeclaredLength else { return false }
        if case .file = destination, !isSuccess { return false }
        guard let declared = headers.last(where: { HeaderName.equal($0.0, "Content-Length") })?.1,
              !declared.isEmpty, declared.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return false }
        // All digits yet not an Int: far beyond any limit.
        guard let length = Int(declared) else { return true }
        return length > bodyLimit
    }

    /// "HTTP/1.1 204 No Content" or "HTTP/2 200": the three digits after the first space.
    private static func statusCode(inStatusLine line: ArraySlice<UInt8>) -> Int? {
        guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { return nil }
        let digits = line[(space + 1)...].prefix(3)
        guard digits.count == 3, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    private static func trimmedText(_ bytes: ArraySlice<UInt8>) -> String {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let start = bytes.firstIndex(where: { !isBlank($0) }),
              let end = bytes.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(decoding: bytes[start...end], as: UTF8.self)
    }
}

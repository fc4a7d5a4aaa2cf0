import HTTPServer

/// A stored file as the browser wants it: its media type read from the first bytes (so `<img>` and `<video>`
/// take it), and a single byte range when asked (so a video can seek).
struct MediaResponse {
    let bytes: [UInt8]
    let range: String?

    var response: HTTPResponse {
        var headers = HTTPHeaders([("Content-Type", Self.mediaType(of: bytes)), ("Accept-Ranges", "bytes"),
                                   ("Cache-Control", "private, max-age=3600")])
        guard let range, let bounds = Self.byteRange(range, length: bytes.count) else {
            return HTTPResponse(status: .ok, headers: headers, body: bytes)
        }
        headers.set("Content-Range", "bytes \(bounds.lowerBound)-\(bounds.upperBound)/\(bytes.count)")
        return HTTPResponse(status: HTTPStatus(code: 206, reason: "Partial Content"), headers: headers,
                            body: Array(bytes[bounds]))
    }

    static func mediaType(of bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return "image/webp"
        }
        if bytes.count >= 8, Array(bytes[4..<8]) == Array("ftyp".utf8) { return "video/mp4" }
        return "application/octet-stream"
    }

    /// `bytes=first-last`, `bytes=first-` or `bytes=-suffix`, clamped to the file; nil for anything else
    /// (several ranges, garbage, a start past the end), which is then answered with the whole file.
    static func byteRange(_ header: String, length: Int) -> ClosedRange<Int>? {
        guard length > 0, header.hasPrefix("bytes="), header.utf8.count <= 64 else { return nil }
        let spec = header.dropFirst("bytes=".count)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        switch (Int(parts[0]), Int(parts[1])) {
        case (let first?, let last?) where first >= 0 && first <= last && first < length:
            return first...min(last, length - 1)
        case (let first?, nil) where parts[1].isEmpty && first >= 0 && first < length:
            return first...(length - 1)
        case (nil, let suffix?) where parts[0].isEmpty && suffix > 0:
            return max(0, length - suffix)...(length - 1)
        default:
            return nil
        }
    }
}

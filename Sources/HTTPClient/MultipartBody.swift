import CCurl

/// Builds a libcurl MIME structure from multipart parts. Text and bytes are copied into it; files are
/// streamed from disk during the transfer.
enum MultipartBody {
    /// The caller owns the result and frees it with curl_mime_free after the transfer.
    static func make(_ parts: [MultipartPart], for handle: UnsafeMutableRawPointer) throws -> OpaquePointer {
        guard let mime = curl_mime_init(handle) else { throw HTTPClientError.transport("out of memory building multipart body") }
        do {
            for part in parts {
                try add(part, to: mime)
            }
        } catch {
            curl_mime_free(mime)
            throw error
        }
        return mime
    }

    private static func add(_ part: MultipartPart, to mime: OpaquePointer) throws {
        guard let mimePart = curl_mime_addpart(mime) else { throw HTTPClientError.transport("out of memory building multipart body") }
        try check(curl_mime_name(mimePart, part.name), part)
        switch part.content {
        case .text(let text):
            try setData(Array(text.utf8), of: mimePart, part)
        case .bytes(let bytes):
            try setData(bytes, of: mimePart, part)
        case .file(let path):
            guard curl_mime_filedata(mimePart, path) == CURLE_OK else {
                throw HTTPClientError.transport("cannot read the file of multipart part \(part.name)")
            }
        }
        // After filedata, which defaults the filename to the path's last component.
        try check(curl_mime_filename(mimePart, part.filename), part)
        if let contentType = part.contentType {
            try check(curl_mime_type(mimePart, contentType), part)
        }
    }

    private static func setData(_ bytes: [UInt8], of mimePart: OpaquePointer, _ part: MultipartPart) throws {
        let code = bytes.withUnsafeBytes { buffer in
            // A nil pointer would mean "no data" rather than "empty data".
            let base = buffer.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
            return curl_mime_data(mimePart, base.assumingMemoryBound(to: CChar.self), buffer.count)
        }
        try check(code, part)
    }

    private static func check(_ code: CURLcode, _ part: MultipartPart) throws {
        guard code == CURLE_OK else {
            throw HTTPClientError.transport("multipart part \(part.name): \(String(cString: curl_easy_strerror(code)))")
        }
    }
}

/// One part of a `multipart/form-data` body.
public struct MultipartPart: Sendable {
    public enum Content: Sendable {
        case text(String)
        case bytes([UInt8])
        /// Streamed from disk by libcurl while sending, so large uploads are never held in memory.
        case file(path: String)
    }

    public var name: String
    public var filename: String?
    public var contentType: String?
    public var content: Content

    public init(name: String, filename: String? = nil, contentType: String? = nil, content: Content) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.content = content
    }

    /// A plain form field.
    public static func field(_ name: String, _ value: String) -> MultipartPart {
        MultipartPart(name: name, content: .text(value))
    }

    /// A file upload read from `path`.
    public static func file(_ name: String, path: String, filename: String, contentType: String) -> MultipartPart {
        MultipartPart(name: name, filename: filename, contentType: contentType, content: .file(path: path))
    }

    /// A file upload whose bytes are already in memory.
    public static func bytes(_ name: String, _ bytes: [UInt8], filename: String, contentType: String) -> MultipartPart {
        MultipartPart(name: name, filename: filename, contentType: contentType, content: .bytes(bytes))
    }
}

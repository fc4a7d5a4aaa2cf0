import Foundation
import HTTPClient

/// Resolves an `image_url` as OpenAI does: a `data:image/…;base64,` URL is decoded, an http(s) URL is fetched
/// (with a timeout and a size cap), and either must turn out to be a PNG, JPEG, GIF or WebP image.
struct OpenAIImageLoader: Sendable {
    let http: HTTPClient
    let timeout: Duration
    let maxBytes: Int

    init(timeout: Duration, maxBytes: Int) {
        self.timeout = timeout
        self.maxBytes = maxBytes
        http = HTTPClient(configuration: HTTPClient.Configuration(
            connectTimeout: min(timeout, .seconds(5)), timeout: timeout, maxResponseBytes: maxBytes,
            userAgent: "openai-stand-in", maxIdleHandles: 4))
    }

    /// An image a call carried: as recorded, its bytes and what they say.
    struct Loaded: Sendable {
        var record: OpenAICallRecord.Image
        var bytes: [UInt8]
        var facts: ImageFacts

        /// The name a sandbox sample photo carries in its JPEG comment.
        var sampleName: String? { SamplePhotoName.read(facts.comment) }
    }

    func load(_ url: String) throws -> Loaded {
        let (source, bytes) = try fetch(url)
        guard bytes.count <= maxBytes else {
            throw OpenAIAPIError.invalidRequest("Image too large: images must be at most \(maxBytes) bytes.",
                                                param: "messages", code: "image_too_large")
        }
        guard let facts = ImageFacts(bytes) else {
            throw OpenAIAPIError.invalidRequest(
                "You uploaded an unsupported image. Please make sure your image has of one the following formats: "
                    + "['png', 'jpeg', 'gif', 'webp'].", param: "messages", code: "invalid_image_format")
        }
        let record = OpenAICallRecord.Image(source: source, format: facts.format, bytes: bytes.count,
                                            width: facts.width, height: facts.height)
        return Loaded(record: record, bytes: bytes, facts: facts)
    }

    private func fetch(_ url: String) throws -> (source: String, bytes: [UInt8]) {
        let lowered = url.prefix(16).lowercased()
        if lowered.hasPrefix("data:") { return ("data", try decodeDataURL(url)) }
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            throw Self.invalidURL("Invalid image URL: expected a base64-encoded data URL with an image MIME type "
                + "(e.g. 'data:image/png;base64,...') or an http(s) URL.")
        }
        do {
            let response = try http.send(HTTPClientRequest(url: url, timeout: timeout, maxResponseBytes: maxBytes))
            guard (200..<300).contains(response.status) else {
                throw Self.invalidURL("Error while downloading \(url.prefix(200)) (HTTP \(response.status)).")
            }
            return ("http", response.body)
        } catch let error as HTTPClientError {
            throw Self.invalidURL("Error while downloading \(url.prefix(200)) (\(error)).")
        }
    }

    /// `data:image/<type>;base64,<payload>`; anything else is refused as OpenAI refuses it.
    private func decodeDataURL(_ url: String) throws -> [UInt8] {
        guard let comma = url.firstIndex(of: ","),
              url[..<comma].lowercased().hasPrefix("data:image/"), url[..<comma].lowercased().hasSuffix(";base64"),
              let data = Data(base64Encoded: String(url[url.index(after: comma)...])), !data.isEmpty else {
            throw Self.invalidURL("Invalid base64 image_url: expected 'data:image/<type>;base64,<data>'.")
        }
        return Array(data)
    }

    private static func invalidURL(_ message: String) -> OpenAIAPIError {
        OpenAIAPIError.invalidRequest(message, param: "messages", code: "invalid_image_url")
    }
}

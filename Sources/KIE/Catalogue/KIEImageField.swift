import JSON

/// Where a model takes the product photo, and in which JSON shape.
public enum KIEImageField: Sendable, Hashable {
    /// `input_urls: ["<url>"]` (Seedance 1.5 Pro).
    case inputURLs
    /// `image_urls: ["<url>"]` (Grok Imagine, Kling 2.6/3.0/V3 Turbo, Wan 2.6, HappyHorse).
    case imageURLs
    /// `image_url: "<url>"` (ByteDance V1, Kling 2.x, Hailuo, Wan 2.5).
    case imageURL
    /// `first_frame_url: "<url>"` (Seedance 2, Wan 2.7).
    case firstFrameURL

    public var name: String {
        switch self {
        case .inputURLs: "input_urls"
        case .imageURLs: "image_urls"
        case .imageURL: "image_url"
        case .firstFrameURL: "first_frame_url"
        }
    }

    public var isArray: Bool {
        switch self {
        case .inputURLs, .imageURLs: true
        case .imageURL, .firstFrameURL: false
        }
    }

    /// The field's value for one image URL.
    public func value(for url: String) -> JSONValue {
        isArray ? .array([.string(url)]) : .string(url)
    }
}

import JSON

/// The image-to-video models this service knows, with their `input` shapes from KIE's docs (`../kie/models.md`).
/// Price multipliers are relative to the configured VIDEO_PRICE and reflect KIE's price list only roughly;
/// the default model is 1.
public enum KIECatalogue {
    /// The recommended default (brief §1): 9:16 via its own field, 5 s, no audio, 720p.
    public static let seedance15Pro = KIEModel(
        slug: "bytedance/seedance-1.5-pro",
        imageField: .inputURLs,
        duration: KIEDurationField(kind: .number, allowedSeconds: Array(4...12), defaultSeconds: 5),
        aspectRatioField: "aspect_ratio",
        fixedInput: ["resolution": .string("720p"), "generate_audio": .bool(false)],
        inputFields: [
            KIEInputField("prompt", .string, required: true, minLength: 3, maxLength: 20000),
            KIEInputField("input_urls", .stringArray(maxItems: 2)),
            KIEInputField("aspect_ratio", .string, required: true, allowed: strings("1:1", "4:3", "3:4", "16:9", "9:16", "21:9")),
            KIEInputField("resolution", .string, allowed: strings("480p", "720p", "1080p")),
            KIEInputField("duration", .number, required: true, allowed: (4...12).map { .integer($0) }),
            KIEInputField("fixed_lens", .boolean),
            KIEInputField("generate_audio", .boolean),
            KIEInputField("nsfw_checker", .boolean),
        ],
        priceMultiplier: 1)

    /// First fallback: integer duration, `image_urls` with one item, its own aspect field; the schema is closed.
    public static let grokImagineVideo15Preview = KIEModel(
        slug: "grok-imagine-video-1-5-preview",
        imageField: .imageURLs,
        duration: KIEDurationField(kind: .number, allowedSeconds: Array(1...15), defaultSeconds: 5),
        aspectRatioField: "aspect_ratio",
        fixedInput: ["resolution": .string("720p")],
        inputFields: [
            KIEInputField("prompt", .string, maxLength: 4096),
            KIEInputField("image_urls", .stringArray(maxItems: 1)),
            KIEInputField("aspect_ratio", .string, allowed: strings("1:1", "16:9", "9:16", "3:2", "2:3", "auto")),
            KIEInputField("resolution", .string, allowed: strings("480p", "720p")),
            KIEInputField("duration", .integer, allowed: (1...15).map { .integer($0) }),
            KIEInputField("nsfw_checker", .boolean),
        ],
        rejectsUnknownFields: true,
        priceMultiplier: 1)

    /// Second fallback: string duration 3–15, `image_urls`, no aspect field (crop the photo to the format).
    public static let klingV3Turbo = KIEModel(
        slug: "kling/v3-turbo-image-to-video",
        imageField: .imageURLs,
        duration: KIEDurationField(kind: .string, allowedSeconds: Array(3...15), defaultSeconds: 5),
        aspectRatioField: nil,
        fixedInput: ["resolution": .string("720p")],
        inputFields: [
            KIEInputField("prompt", .string, required: true, maxLength: 2500),
            KIEInputField("image_urls", .stringArray(maxItems: nil), required: true),
            KIEInputField("duration", .string, required: true, allowed: (3...15).map { .string(String($0)) }),
            KIEInputField("resolution", .string, required: true, allowed: strings("720p", "1080p")),
        ],
        priceMultiplier: 1.5)

    /// String duration "5"/"10" and a single `image_url` string.
    public static let bytedanceV1ProFast = KIEModel(
        slug: "bytedance/v1-pro-fast-image-to-video",
        imageField: .imageURL,
        duration: KIEDurationField(kind: .string, allowedSeconds: [5, 10], defaultSeconds: 5),
        aspectRatioField: nil,
        fixedInput: ["resolution": .string("720p")],
        inputFields: [
            KIEInputField("prompt", .string, required: true, maxLength: 10000),
            KIEInputField("image_url", .string, required: true),
            KIEInputField("resolution", .string, allowed: strings("720p", "1080p")),
            KIEInputField("duration", .string, allowed: strings("5", "10")),
            KIEInputField("nsfw_checker", .boolean),
        ],
        priceMultiplier: 1)

    /// Integer duration 2–15 and the photo as `first_frame_url`.
    public static let wan27 = KIEModel(
        slug: "wan/2-7-image-to-video",
        imageField: .firstFrameURL,
        duration: KIEDurationField(kind: .number, allowedSeconds: Array(2...15), defaultSeconds: 5),
        aspectRatioField: nil,
        fixedInput: ["resolution": .string("720p"), "watermark": .bool(false)],
        inputFields: [
            KIEInputField("prompt", .string, maxLength: 5000),
            KIEInputField("negative_prompt", .string, maxLength: 500),
            KIEInputField("first_frame_url", .string),
            KIEInputField("last_frame_url", .string),
            KIEInputField("first_clip_url", .string),
            KIEInputField("driving_audio_url", .string),
            KIEInputField("resolution", .string, allowed: strings("720p", "1080p")),
            KIEInputField("duration", .integer, allowed: (2...15).map { .integer($0) }),
            KIEInputField("prompt_extend", .boolean),
            KIEInputField("watermark", .boolean),
            KIEInputField("seed", .integer),
            KIEInputField("nsfw_checker", .boolean),
        ],
        priceMultiplier: 1.5)

    /// String duration "6"/"10" (no 5 s option) and upper-case resolutions.
    public static let hailuo23Standard = KIEModel(
        slug: "hailuo/2-3-image-to-video-standard",
        imageField: .imageURL,
        duration: KIEDurationField(kind: .string, allowedSeconds: [6, 10], defaultSeconds: 6),
        aspectRatioField: nil,
        fixedInput: ["resolution": .string("768P")],
        inputFields: [
            KIEInputField("prompt", .string, required: true, maxLength: 5000),
            KIEInputField("image_url", .string, required: true),
            KIEInputField("duration", .string, allowed: strings("6", "10")),
            KIEInputField("resolution", .string, allowed: strings("768P", "1080P")),
            KIEInputField("nsfw_checker", .boolean),
        ],
        priceMultiplier: 1)

    public static let all: [KIEModel] = [
        seedance15Pro, grokImagineVideo15Preview, klingV3Turbo, bytedanceV1ProFast, wan27, hailuo23Standard,
    ]

    public static let defaultModel = seedance15Pro
    public static let defaultFallbacks = [grokImagineVideo15Preview, klingV3Turbo]

    /// The model with that slug, or nil when the catalogue does not know it.
    public static func model(slug: String) -> KIEModel? {
        all.first { $0.slug == slug }
    }

    private static func strings(_ values: String...) -> [JSONValue] {
        values.map { .string($0) }
    }
}

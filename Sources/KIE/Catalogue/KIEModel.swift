import JSON

/// One KIE Market image-to-video model: how its `input` object is shaped and what it costs. All Market models
/// share the create / query / callback contract; only `input` differs (see `../kie/models.md`).
public struct KIEModel: Sendable, Hashable, CustomStringConvertible {
    /// The `model` value of createTask, e.g. `bytedance/seedance-1.5-pro`.
    public let slug: String
    /// Path of the create call on the KIE base URL.
    public let endpoint: String
    public let imageField: KIEImageField
    /// nil for models without a duration field (their length is fixed).
    public let duration: KIEDurationField?
    /// The field that takes "9:16" / "16:9", or nil when the output follows the input image's aspect ratio
    /// (then the caller must crop or pad the photo to the format itself).
    public let aspectRatioField: String?
    /// Formats this service may ask the model for.
    public let formats: [String]
    /// Sent with every request (e.g. `resolution: "720p"`, `generate_audio: false`).
    public let fixedInput: [String: JSONValue]
    /// Every field KIE documents for `input`, with its type and limits.
    public let inputFields: [KIEInputField]
    /// True when KIE's schema forbids fields it does not list (`additionalProperties: false`).
    public let rejectsUnknownFields: Bool
    /// Price relative to the configured per-video price (VIDEO_PRICE); 1 for the default model.
    public let priceMultiplier: Double

    public static let createTaskEndpoint = "/api/v1/jobs/createTask"

    public init(slug: String, endpoint: String = KIEModel.createTaskEndpoint, imageField: KIEImageField,
                duration: KIEDurationField?, aspectRatioField: String?, formats: [String] = ["9:16", "16:9"],
                fixedInput: [String: JSONValue], inputFields: [KIEInputField], rejectsUnknownFields: Bool = false,
                priceMultiplier: Double) {
        self.slug = slug
        self.endpoint = endpoint
        self.imageField = imageField
        self.duration = duration
        self.aspectRatioField = aspectRatioField
        self.formats = formats
        self.fixedInput = fixedInput
        self.inputFields = inputFields
        self.rejectsUnknownFields = rejectsUnknownFields
        self.priceMultiplier = priceMultiplier
    }

    public var description: String { slug }

    /// Whether the output's aspect ratio is taken from the photo rather than asked for.
    public var followsImageAspectRatio: Bool { aspectRatioField == nil }

    public func supports(format: String) -> Bool {
        formats.contains(format)
    }

    /// The price of one video in credits: `basePrice` × the multiplier, rounded up, at least 1.
    public func price(basePrice: Int) -> Int {
        max(1, Int((Double(basePrice) * priceMultiplier).rounded(.up)))
    }

    public func field(named name: String) -> KIEInputField? {
        inputFields.first { $0.name == name }
    }

    /// The exact `input` object for one video: the prompt, the photo in the model's image field and shape,
    /// the duration typed as the model wants it (`seconds` rounded to an allowed length, the model's default
    /// when nil), the aspect ratio when the model has a field for it, and the fixed extras.
    public func input(prompt: String, imageURL: String, format: String, seconds: Int? = nil) -> [String: JSONValue] {
        var input = fixedInput
        input["prompt"] = .string(prompt)
        input[imageField.name] = imageField.value(for: imageURL)
        if let duration {
            input["duration"] = duration.value(seconds: duration.nearestAllowed(to: seconds ?? duration.defaultSeconds))
        }
        if let aspectRatioField {
            input[aspectRatioField] = .string(format)
        }
        return input
    }
}

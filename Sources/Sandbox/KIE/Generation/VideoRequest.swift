import JSON
import KIE

/// What a createTask's `input` asks of the video besides its prompt: how long, which shape and how sharp. A model
/// without an aspect field makes the photo's shape, as KIE's do.
struct VideoRequest: Sendable, Equatable {
    /// Width to height, e.g. 9:16.
    struct Ratio: Sendable, Equatable {
        var width: Int
        var height: Int
    }

    var seconds: Int
    /// Nil when the model follows the photo (no aspect field, or "auto").
    var aspectRatio: Ratio?
    /// The short side the resolution names: 720 for "720p", 768 for "768P".
    var shortSide: Int

    static let defaultSeconds = 5
    static let maxSeconds = 30
    static let defaultShortSide = 720
    /// Photos are framed within these ratios; a panorama is cropped to the widest.
    static let widest = 2.5

    init(seconds: Int = Self.defaultSeconds, aspectRatio: Ratio? = Ratio(width: 9, height: 16),
         shortSide: Int = Self.defaultShortSide) {
        self.seconds = min(max(1, seconds), Self.maxSeconds)
        self.aspectRatio = aspectRatio
        self.shortSide = shortSide
    }

    /// Read from `input` as `model` shapes it; a value it does not hold falls back to the model's default.
    init(input: [String: JSONValue], model: KIEModel) {
        let seconds: Int? = switch input["duration"] {
        case .integer(let value)?: value
        case .number(let value)? where abs(value) < 1e6: Int(value.rounded())
        case .string(let text)?: Int(text)
        default: nil
        }
        let ratio = model.aspectRatioField.flatMap { input[$0]?.stringValue }.flatMap(Self.ratio)
        let resolution = input["resolution"]?.stringValue.flatMap { Int($0.prefix { $0.isNumber }) }
        self.init(seconds: seconds ?? model.duration?.defaultSeconds ?? Self.defaultSeconds, aspectRatio: ratio,
                  shortSide: resolution.map { min(max($0, 144), 2160) } ?? Self.defaultShortSide)
    }

    /// The frame in pixels (even, as H.264 wants): the asked ratio, else the photo's (portrait 9:16 when its size
    /// is unknown), at the resolution's short side but at most `maxShortSide`.
    func frame(photoWidth: Int?, photoHeight: Int?, maxShortSide: Int) -> (width: Int, height: Int) {
        var ratio = 9.0 / 16.0
        if let aspectRatio {
            ratio = Double(aspectRatio.width) / Double(aspectRatio.height)
        } else if let photoWidth, let photoHeight, photoWidth > 0, photoHeight > 0 {
            ratio = Double(photoWidth) / Double(photoHeight)
        }
        ratio = min(max(ratio, 1 / Self.widest), Self.widest)
        let short = Double(min(shortSide, maxShortSide))
        let (width, height) = ratio < 1 ? (short, short / ratio) : (short * ratio, short)
        return (Self.even(width), Self.even(height))
    }

    /// "9:16" as a ratio; nil for "auto" or anything unreadable.
    static func ratio(_ text: String) -> Ratio? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0,
              width <= 100, height <= 100 else { return nil }
        return Ratio(width: width, height: height)
    }

    private static func even(_ value: Double) -> Int {
        max(16, Int(value.rounded()) / 2 * 2)
    }
}

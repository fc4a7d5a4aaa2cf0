import Domain
import Foundation
import Telegram

/// Product photos: fetched from Telegram once, then fitted to the video's aspect ratio for KIE (most models follow
/// the input image's shape) and kept under KIE's 10 MB input cap. A seller's bytes are untrusted: their header is
/// checked before anything decodes them, and the decoder runs confined (`PhotoFitter`).
struct ProductPhotos: Sendable {
    static let maxInputBytes = 10 << 20
    let directory: String
    let telegram: TelegramClient
    let limits: PhotoLimits
    let fitter: PhotoFitter

    init(directory: String, telegram: TelegramClient, limits: PhotoLimits = PhotoLimits(), fitter: PhotoFitter? = nil) {
        self.directory = directory
        self.telegram = telegram
        self.limits = limits
        self.fitter = fitter ?? .installed(photoLimits: limits)
    }

    /// The original photo on disk, downloaded on first use.
    func original(fileID: String, uniqueID: String) throws -> String {
        let path = try folder("photos") + "/" + Self.safeName(uniqueID) + ".img"
        if FileManager.default.fileExists(atPath: path) { return path }
        let file = try telegram.call(GetFile(fileID: fileID))
        guard let filePath = file.filePath else { throw TelegramError.malformedResponse(status: 200) }
        try telegram.downloadFile(filePath: filePath, to: path)
        return path
    }

    func discard(uniqueID: String) {
        try? FileManager.default.removeItem(atPath: directory + "/photos/" + Self.safeName(uniqueID) + ".img")
    }

    /// The photo's header, checked against the limits: throws `PhotoRefusal` for anything but a JPEG, PNG or WebP
    /// of a sane size, without decoding it.
    func inspect(original path: String) throws -> ImageHeader {
        guard let bytes = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        return try limits.check(Array(bytes))
    }

    /// `media/<name>` served to KIE through a signed link: padded to `format` when ffmpeg is present. Written under a
    /// temporary name and renamed into place, so a fetch racing the preparation never gets half a JPEG. Throws
    /// `PhotoRefusal` for a photo that must not be decoded or that failed to decode.
    func prepared(original: String, orderID: Int64, format: VideoFormat) throws -> String {
        let name = Self.preparedName(orderID: orderID, format: format)
        let path = try folder("media") + "/" + name
        if FileManager.default.fileExists(atPath: path) { return name }
        let header = try inspect(original: original)
        let partial = path + ".partial-" + String(UInt64.random(in: .min ... .max), radix: 16) + ".jpg"
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let (width, height) = format == .portrait ? (720, 1280) : (1280, 720)
        if try !fitter.fit(original, kind: header.kind, to: partial, width: width, height: height) {
            try FileManager.default.copyItem(atPath: original, toPath: partial)
        }
        let size = (try FileManager.default.attributesOfItem(atPath: partial)[.size] as? Int) ?? 0
        guard size <= Self.maxInputBytes else { throw PhotoTooLarge() }
        guard rename(partial, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return name
    }

    struct PhotoTooLarge: Error {}

    static func preparedName(orderID: Int64, format: VideoFormat) -> String {
        "order-\(orderID)-\(format == .portrait ? "9x16" : "16x9").jpg"
    }

    /// The order and format a prepared photo's name stands for; nil for any other name.
    static func order(ofPreparedName name: String) -> (orderID: Int64, format: VideoFormat)? {
        guard let id = name.split(separator: "-").dropFirst().first.flatMap({ Int64($0) }), id > 0 else { return nil }
        return VideoFormat.allCases.first { preparedName(orderID: id, format: $0) == name }.map { (id, $0) }
    }

    func mediaPath(name: String) -> String {
        directory + "/media/" + name
    }

    private func folder(_ name: String) throws -> String {
        let path = directory + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func safeName(_ text: String) -> String {
        String(text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" }
            .map(Character.init).prefix(100))
    }
}

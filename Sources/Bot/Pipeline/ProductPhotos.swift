import Domain
import Foundation
import Telegram

/// Product photos: fetched from Telegram once, then fitted to the video's aspect ratio for KIE (most models follow
/// the input image's shape) and kept under KIE's 10 MB input cap.
struct ProductPhotos: Sendable {
    static let maxInputBytes = 10 << 20
    let directory: String
    let telegram: TelegramClient

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

    /// `media/<name>` served to KIE through a signed link: padded to `format` when ffmpeg is present. Written under a
    /// temporary name and renamed into place, so a fetch racing the preparation never gets half a JPEG.
    func prepared(original: String, orderID: Int64, format: VideoFormat) throws -> String {
        let name = Self.preparedName(orderID: orderID, format: format)
        let path = try folder("media") + "/" + name
        if FileManager.default.fileExists(atPath: path) { return name }
        let partial = path + ".partial-" + String(UInt64.random(in: .min ... .max), radix: 16) + ".jpg"
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let (width, height) = format == .portrait ? (720, 1280) : (1280, 720)
        let filter = "scale=\(width):\(height):force_original_aspect_ratio=decrease,"
            + "pad=\(width):\(height):(ow-iw)/2:(oh-ih)/2:color=white"
        if !Self.runFFmpeg(["-y", "-loglevel", "error", "-i", original, "-vf", filter, "-q:v", "3", partial]) {
            try? FileManager.default.removeItem(atPath: partial)
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

    /// Whether ffmpeg ran and succeeded; a missing ffmpeg is not an error, only a lost refinement.
    private static func runFFmpeg(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        } catch {
            return false
        }
    }
}

import Dispatch
import Foundation
import Logging
import Synchronization
import Timekeeping

/// Files in MEDIA_DIR go a week after they were written: a delivered video is re-sent by Telegram's file_id, a
/// product photo is fetched again from Telegram when needed, and a photo prepared for KIE is useless once its order
/// is over (a video is finished or refunded within its 30-minute deadline). Each host has its own MEDIA_DIR, so each
/// process sweeps it on its own timer, hourly.
public final class MediaSweeper: Sendable {
    static let filesKept: Duration = .seconds(7 * 24 * 3600)
    static let folders = ["videos", "media", "photos"]
    private static let interval: DispatchTimeInterval = .seconds(3600)

    private let mediaDirectory: String
    private let logger: Logger
    private let timer = Mutex<DispatchSourceTimer?>(nil)

    public init(mediaDirectory: String, logger: Logger) {
        self.mediaDirectory = mediaDirectory
        self.logger = logger
    }

    public func start() {
        timer.withLock { timer in
            let source = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
            source.schedule(deadline: .now() + .seconds(60), repeating: Self.interval)
            source.setEventHandler { [self] in _ = sweep() }
            source.resume()
            timer = source
        }
    }

    public func stop() {
        timer.withLock { timer in
            timer?.cancel()
            timer = nil
        }
    }

    /// Deletes files last written before the cut-off; one that cannot be read or removed waits for the next round.
    func sweep() -> Int {
        let cutoff = Date().addingTimeInterval(-Self.filesKept.seconds)
        let files = FileManager.default
        var deleted = 0
        for folder in Self.folders {
            let path = mediaDirectory + "/" + folder
            for name in (try? files.contentsOfDirectory(atPath: path)) ?? [] {
                let file = path + "/" + name
                guard let written = (try? files.attributesOfItem(atPath: file))?[.modificationDate] as? Date,
                      written < cutoff, (try? files.removeItem(atPath: file)) != nil
                else { continue }
                deleted += 1
            }
        }
        if deleted > 0 { logger.info("deleted old media files", metadata: ["files": "\(deleted)"]) }
        return deleted
    }
}

import JobQueue
import Postgres

/// The first step of every video's pipeline, enqueued with the order that pays for it.
public enum PipelineJobs {
    public static let startKind = "video.start"

    public struct VideoPayload: Codable, Sendable, Equatable {
        public var videoID: Int64
    }

    public static func enqueueStart(videoIDs: [Int64], on db: PostgresConnection) throws {
        for videoID in videoIDs {
            _ = try JobQueue.enqueue(.json(kind: startKind, payload: VideoPayload(videoID: videoID),
                                           uniqueKey: "video:\(videoID):start"), on: db)
        }
    }
}

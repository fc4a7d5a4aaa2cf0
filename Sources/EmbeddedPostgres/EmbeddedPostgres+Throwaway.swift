import Foundation
import Logging

extension EmbeddedPostgres {
    /// A started cluster in a new temporary directory. It is stopped and deleted by `destroy()`, else when the
    /// process exits, else (the process was killed) by the next process that makes one.
    public static func throwaway(settings: ServerSettings, logger: Logger) throws -> EmbeddedPostgres {
        ThrowawayClusters.removeAbandoned()
        let name = "\(ThrowawayClusters.directoryPrefix)\(getpid())-\(UUID().uuidString.prefix(8))"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "\(getpid())".write(toFile: directory + "/" + ThrowawayClusters.ownerFileName, atomically: true,
                                encoding: .utf8)
        let cluster = try EmbeddedPostgres(directory: directory, settings: settings, logger: logger)
        ThrowawayClusters.shared.register(cluster)
        try cluster.start()
        return cluster
    }

    /// Stops the server at once (nothing in it is kept) and deletes its directory. Safe to call more than once.
    public func destroy() {
        try? stop(.immediate)
        try? FileManager.default.removeItem(atPath: directory)
        ThrowawayClusters.shared.unregister(self)
    }
}

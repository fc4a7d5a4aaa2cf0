import Foundation

/// Every throwaway cluster of this process, destroyed by an `atexit` handler so that a test run never leaves a
/// postmaster behind; and the sweep of those whose process died before its handler ran.
///
/// `@unchecked Sendable`: `clusters` is only touched under `lock`.
final class ThrowawayClusters: @unchecked Sendable {
    static let shared = ThrowawayClusters()
    static let directoryPrefix = "neurocards-testpg-"
    static let ownerFileName = "owner.pid"

    private let lock = NSLock()
    private var clusters: [ObjectIdentifier: EmbeddedPostgres] = [:]
    private var exitHandlerInstalled = false

    func register(_ cluster: EmbeddedPostgres) {
        lock.withLock {
            clusters[ObjectIdentifier(cluster)] = cluster
            if !exitHandlerInstalled {
                exitHandlerInstalled = true
                atexit { ThrowawayClusters.shared.destroyAll() }
            }
        }
    }

    func unregister(_ cluster: EmbeddedPostgres) {
        _ = lock.withLock { clusters.removeValue(forKey: ObjectIdentifier(cluster)) }
    }

    private func destroyAll() {
        let remaining = lock.withLock { Array(clusters.values) }
        for cluster in remaining { cluster.destroy() }
    }

    /// Stops and deletes the clusters of processes that no longer exist.
    static func removeAbandoned() {
        let temporary = FileManager.default.temporaryDirectory.path
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: temporary) else { return }
        for entry in entries where entry.hasPrefix(directoryPrefix) {
            let directory = temporary + "/" + entry
            guard let text = try? String(contentsOfFile: directory + "/" + ownerFileName, encoding: .utf8),
                  let owner = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  kill(owner, 0) != 0, errno == ESRCH
            else { continue }
            _ = try? ToolCommand.run(EmbeddedPostgres.binary("pg_ctl"), [
                "-D", directory + "/data", "-m", "immediate", "-w", "stop",
            ], asServerUser: true)
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}

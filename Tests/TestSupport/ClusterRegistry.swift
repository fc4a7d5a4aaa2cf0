import Foundation

/// Every live `PostgresCluster` of this process, stopped and deleted by an `atexit` handler so that a test run
/// never leaves a postmaster behind.
///
/// `@unchecked Sendable`: `clusters` is only touched under `lock`.
final class ClusterRegistry: @unchecked Sendable {
    static let shared = ClusterRegistry()

    private let lock = NSLock()
    private var clusters: [ObjectIdentifier: PostgresCluster] = [:]
    private var exitHandlerInstalled = false

    func register(_ cluster: PostgresCluster) {
        lock.withLock {
            clusters[ObjectIdentifier(cluster)] = cluster
            if !exitHandlerInstalled {
                exitHandlerInstalled = true
                atexit { ClusterRegistry.shared.destroyAll() }
            }
        }
    }

    func unregister(_ cluster: PostgresCluster) {
        _ = lock.withLock { clusters.removeValue(forKey: ObjectIdentifier(cluster)) }
    }

    private func destroyAll() {
        let remaining = lock.withLock { Array(clusters.values) }
        for cluster in remaining { cluster.destroy() }
    }
}

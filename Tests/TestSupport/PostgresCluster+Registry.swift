import Foundation

extension PostgresCluster {
    /// Every live `PostgresCluster` of this process, stopped and deleted by an `atexit` handler so that a test run
    /// never leaves a postmaster behind.
    ///
    /// `@unchecked Sendable`: `clusters` is only touched under `lock`.
    final class Registry: @unchecked Sendable {
        static let shared = Registry()

        private let lock = NSLock()
        private var clusters: [ObjectIdentifier: PostgresCluster] = [:]
        private var exitHandlerInstalled = false

        func register(_ cluster: PostgresCluster) {
            lock.withLock {
                clusters[ObjectIdentifier(cluster)] = cluster
                if !exitHandlerInstalled {
                    exitHandlerInstalled = true
                    atexit { Registry.shared.destroyAll() }
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
}

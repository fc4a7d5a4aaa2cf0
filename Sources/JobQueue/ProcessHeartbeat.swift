import Foundation
import Logging
import Postgres

/// This process's row in `worker_processes`: registered at start, its `heartbeat_at` refreshed periodically,
/// `stopped_at` set on a graceful stop. A row whose heartbeat is old and `stopped_at` NULL is a dead process.
struct ProcessHeartbeat: Sendable {
    let pool: PostgresPool
    let workerID: UUID
    let workers: Int

    func register() throws {
        let hostname = ProcessInfo.processInfo.hostName
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        try pool.withConnection { connection in
            try JobStore.registerProcess(id: workerID, hostname: hostname, pid: pid, workers: workers, on: connection)
        }
    }

    func round() throws {
        try pool.withConnection { connection in
            try JobStore.recordProcessHeartbeat(id: workerID, on: connection)
        }
    }

    func markStopped() throws {
        try pool.withConnection { connection in
            try JobStore.markProcessStopped(id: workerID, on: connection)
        }
    }
}

/// The jobs this process has claimed and not yet finished (or handed back): whose leases the lease keeper
/// renews, and what `stop()` hands back if their handlers outlast the stop timeout.
final class InFlightJobs: Sendable {
    private let leases = Locked<Set<JobLease>>([])

    func insert(_ added: [JobLease]) {
        leases.withLock { $0.formUnion(added) }
    }

    func remove(_ removed: [JobLease]) {
        leases.withLock { $0.subtract(removed) }
    }

    func contains(_ lease: JobLease) -> Bool {
        leases.withLock { $0.contains(lease) }
    }

    var all: [JobLease] {
        leases.withLock { Array($0) }
    }
}

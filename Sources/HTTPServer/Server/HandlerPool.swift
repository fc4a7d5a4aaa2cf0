import Dispatch
import Foundation
import Glibc
import Synchronization

/// A fixed set of threads that run handlers. The I/O threads never run handler code, so a slow handler
/// can only ever hold one of these threads, never an event loop.
///
/// Waking a sleeping thread costs more than a trivial handler, so the pool keeps only about one awake
/// thread per core while jobs are quick: a job wakes an idle thread only if fewer than that are awake.
/// When awake threads are stuck in slow handlers, queued jobs would wait behind them; so whenever the
/// oldest queued job has waited longer than `starvationThreshold`, another thread is woken regardless
/// (checked on each submit and by the event loops while jobs are queued).
final class HandlerPool: @unchecked Sendable {
    private final class Worker: @unchecked Sendable {
        let wake = DispatchSemaphore(value: 0)
    }

    static let starvationThreshold: UInt64 = 1_000_000

    private let lock = Lock()
    private let targetAwake: Int
    /// Jobs queued and not yet taken; read without the lock by event loops deciding how long to sleep.
    private let queued = Atomic<Int>(0)
    // Guarded by `lock`.
    private var jobs: [(job: HandlerJob, queuedAt: UInt64)] = []
    private var nextJob = 0
    private var idleWorkers: [Worker] = []
    private var awake: Int
    private var stopping = false

    init(threads: Int, name: String) {
        let count = max(1, threads)
        targetAwake = min(count, max(2, ProcessInfo.processInfo.activeProcessorCount))
        awake = count
        for index in 0..<count {
            let worker = Worker()
            let thread = Thread { [self] in run(worker) }
            thread.name = "\(name)-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    var hasQueuedJobs: Bool { queued.load(ordering: .relaxed) > 0 }

    func submit(_ job: HandlerJob) {
        let now = MonotonicClock.now()
        lock.lock()
        jobs.append((job, now))
        queued.add(1, ordering: .relaxed)
        let worker = wakeCandidateLocked(now: now)
        lock.unlock()
        worker?.wake.signal()
    }

    /// Wakes a thread if queued jobs have waited too long; called by the event loops while jobs are queued.
    func preventStarvation() {
        let now = MonotonicClock.now()
        lock.lock()
        let worker = wakeCandidateLocked(now: now)
        lock.unlock()
        worker?.wake.signal()
    }

    private func wakeCandidateLocked(now: UInt64) -> Worker? {
        guard nextJob < jobs.count, !idleWorkers.isEmpty else { return nil }
        let starving = now &- jobs[nextJob].queuedAt >= Self.starvationThreshold
        guard awake < targetAwake || starving else { return nil }
        awake += 1
        return idleWorkers.popLast()
    }

    /// Lets the threads exit once the queue is empty; running jobs are not interrupted.
    func stop() {
        lock.lock()
        stopping = true
        let idle = idleWorkers
        idleWorkers.removeAll()
        awake += idle.count
        lock.unlock()
        for worker in idle { worker.wake.signal() }
    }

    private func run(_ worker: Worker) {
        while let job = nextJob(for: worker) {
            job.run()
        }
    }

    /// The next job to run, sleeping until there is one; nil once the pool stops.
    private func nextJob(for worker: Worker) -> HandlerJob? {
        lock.lock()
        while true {
            if nextJob < jobs.count {
                let job = jobs[nextJob].job
                nextJob += 1
                queued.subtract(1, ordering: .relaxed)
                compactLocked()
                lock.unlock()
                return job
            }
            if stopping {
                lock.unlock()
                return nil
            }
            awake -= 1
            idleWorkers.append(worker)
            lock.unlock()
            worker.wake.wait()
            lock.lock()
        }
    }

    private func compactLocked() {
        if nextJob == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            nextJob = 0
        } else if nextJob >= 1024 && nextJob * 2 >= jobs.count {
            jobs.removeFirst(nextJob)
            nextJob = 0
        }
    }
}

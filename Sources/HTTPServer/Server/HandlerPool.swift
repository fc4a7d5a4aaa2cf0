import Dispatch
import Foundation

/// A fixed set of threads that run handlers. The I/O threads never run handler code, so a slow handler
/// can only ever hold one of these threads, never an event loop.
///
/// Idle threads wait on their own semaphore in a stack, and a new job wakes the most recently idle one.
/// Under load the same few warm threads keep running while the rest sleep, instead of a condition
/// variable spreading jobs (and context switches) over every thread.
final class HandlerPool: @unchecked Sendable {
    private final class Worker: @unchecked Sendable {
        let wake = DispatchSemaphore(value: 0)
    }

    private let lock = Lock()
    // Guarded by `lock`.
    private var jobs: [HandlerJob] = []
    private var nextJob = 0
    private var idleWorkers: [Worker] = []
    private var stopping = false

    init(threads: Int, name: String) {
        for index in 0..<max(1, threads) {
            let worker = Worker()
            let thread = Thread { [self] in run(worker) }
            thread.name = "\(name)-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    func submit(_ job: HandlerJob) {
        lock.lock()
        jobs.append(job)
        let idle = idleWorkers.popLast()
        lock.unlock()
        idle?.wake.signal()
    }

    /// Lets the threads exit once the queue is empty; running jobs are not interrupted.
    func stop() {
        lock.lock()
        stopping = true
        let idle = idleWorkers
        idleWorkers.removeAll()
        lock.unlock()
        for worker in idle { worker.wake.signal() }
    }

    private func run(_ worker: Worker) {
        while true {
            lock.lock()
            guard let job = takeLocked() else {
                if stopping {
                    lock.unlock()
                    return
                }
                idleWorkers.append(worker)
                lock.unlock()
                worker.wake.wait()
                continue
            }
            lock.unlock()
            // A connection with pipelined requests hands back its next job; run it here without re-queueing.
            var next: HandlerJob? = job
            while let current = next {
                next = current.run()
            }
        }
    }

    private func takeLocked() -> HandlerJob? {
        guard nextJob < jobs.count else { return nil }
        let job = jobs[nextJob]
        nextJob += 1
        if nextJob == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            nextJob = 0
        } else if nextJob >= 1024 && nextJob * 2 >= jobs.count {
            jobs.removeFirst(nextJob)
            nextJob = 0
        }
        return job
    }
}

import Foundation

/// A fixed set of threads that run handlers. The I/O threads never run handler code, so a slow handler
/// can only ever hold one of these threads, never an event loop.
final class HandlerPool: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [HandlerJob] = []
    private var nextJob = 0
    private var idleThreads = 0
    private var stopping = false

    init(threads: Int, name: String) {
        for index in 0..<max(1, threads) {
            let thread = Thread { [self] in run() }
            thread.name = "\(name)-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    func submit(_ job: HandlerJob) {
        condition.lock()
        jobs.append(job)
        if idleThreads > 0 { condition.signal() }
        condition.unlock()
    }

    /// Lets the threads exit once the queue is empty; running jobs are not interrupted.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while var job = take() {
            // A connection with pipelined requests hands back its next job; run it here without re-queueing.
            while let next = job.run() {
                job = next
            }
        }
    }

    private func take() -> HandlerJob? {
        condition.lock()
        defer { condition.unlock() }
        while nextJob == jobs.count {
            if stopping { return nil }
            idleThreads += 1
            condition.wait()
            idleThreads -= 1
        }
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

import Foundation
import Timekeeping

/// The hand-off between the fetcher (one thread that claims jobs) and the worker threads (which run them).
///
/// The fetcher claims only as many jobs as there are idle workers, so a claimed job waits for no one, and it
/// claims when there is a reason to: a notification, a queue that was deep last time, or the poll interval.
/// Workers and the fetcher wait on separate conditions so a job handed to one worker wakes one worker.
///
/// `@unchecked Sendable`: `queued`, `busy` and `stopping` are only touched under `work`; `wakeRequested`,
/// `queueLikelyDeep`, `nextPoll`, `dueWakes` and `fetcherStopping` only under `claim` (taken before `work` when
/// both are).
final class JobDispatch: @unchecked Sendable {
    private static let wakeHorizon: TimeInterval = 60
    private static let maxDueWakes = 4096

    let capacity: Int

    private let work = NSCondition()
    private var queued: [ClaimedJob] = []
    private var busy = 0
    private var stopping = false

    private let claim = NSCondition()
    private var wakeRequested = true  // the first round claims at once
    private var queueLikelyDeep = false
    private var nextPoll = Date()
    /// When jobs this process put off (snoozed, retried) become due: claiming then, not at the next poll, keeps a
    /// short snooze short.
    private var dueWakes: [Date] = []
    private var fetcherStopping = false

    init(capacity: Int) {
        self.capacity = capacity
    }

    // MARK: Fetcher side

    /// Blocks until workers are idle and it is time to claim; returns how many jobs to claim, or nil once stopping.
    func waitForClaim(pollInterval: Duration) -> Int? {
        claim.lock()
        defer { claim.unlock() }
        while !fetcherStopping {
            let idle = idleWorkers()
            let now = Date()
            let nextWake = min(nextPoll, dueWakes.min() ?? nextPoll)
            if idle > 0 && (wakeRequested || queueLikelyDeep || now >= nextWake) {
                wakeRequested = false
                nextPoll = now.addingTimeInterval(pollInterval.seconds)
                dueWakes.removeAll { $0 <= now }
                return idle
            }
            if idle > 0 {
                _ = claim.wait(until: nextWake)
            } else {
                claim.wait()
            }
        }
        return nil
    }

    /// Queues claimed jobs for the workers. Returns the jobs refused because the pool is stopping, which the
    /// caller must hand back.
    func deliver(_ jobs: [ClaimedJob], queueLikelyDeep deep: Bool) -> [ClaimedJob] {
        claim.lock()
        queueLikelyDeep = deep
        claim.unlock()
        work.lock()
        defer { work.unlock() }
        guard !stopping else { return jobs }
        queued.append(contentsOf: jobs)
        for _ in jobs { work.signal() }
        return []
    }

    /// After a failed claim: wait for the poll interval rather than retrying at once.
    func claimFailed(pollInterval: Duration) {
        claim.lock()
        queueLikelyDeep = false
        wakeRequested = false
        nextPoll = Date().addingTimeInterval(pollInterval.seconds)
        claim.unlock()
    }

    /// Jobs may be waiting (a notification, a rescue): claim as soon as a worker is idle.
    func wake() {
        claim.lock()
        wakeRequested = true
        claim.signal()
        claim.unlock()
    }

    /// Jobs put off by this process become due at these times. Only the near ones are kept, and only so many:
    /// the poll still finds everything, a little later.
    func wake(at dates: [Date]) {
        let horizon = Date().addingTimeInterval(Self.wakeHorizon)
        claim.lock()
        dueWakes += dates.filter { $0 < horizon }
        if dueWakes.count > Self.maxDueWakes { dueWakes = Array(dueWakes.sorted().prefix(Self.maxDueWakes)) }
        claim.signal()
        claim.unlock()
    }

    // MARK: Worker side

    /// Blocks until a job is queued; nil once stopping.
    func nextJob() -> ClaimedJob? {
        work.lock()
        defer { work.unlock() }
        while queued.isEmpty && !stopping {
            work.wait()
        }
        guard !stopping else { return nil }
        busy += 1
        return queued.removeFirst()
    }

    func finished() {
        work.lock()
        busy -= 1
        work.unlock()
        claim.lock()
        claim.signal()
        claim.unlock()
    }

    // MARK: Stopping

    /// Stops claims and hand-outs; returns the queued jobs no worker started, to be handed back.
    func stop() -> [ClaimedJob] {
        claim.lock()
        fetcherStopping = true
        claim.broadcast()
        claim.unlock()
        work.lock()
        defer { work.unlock() }
        stopping = true
        work.broadcast()
        let unstarted = queued
        queued = []
        return unstarted
    }

    private func idleWorkers() -> Int {
        work.lock()
        defer { work.unlock() }
        return capacity - busy - queued.count
    }
}

import Foundation

/// Scripting and inspection for tests (the same as `/sandbox/kie/...` over HTTP).
extension KIEStandIn {
    /// Outcomes for the next createTask calls that pass authentication, one each, in order.
    public func enqueue(_ outcomes: KIEOutcome...) {
        enqueue(outcomes)
    }

    public func enqueue(_ outcomes: [KIEOutcome]) {
        state.withLock { $0.scriptedOutcomes += outcomes }
    }

    /// Applies `outcome` to every new task whose prompt contains `text` (when no queued outcome is pending).
    public func addRule(promptContains text: String, outcome: KIEOutcome) {
        state.withLock { $0.promptRules.append((text, outcome)) }
    }

    /// Changes what happens to a task not yet finished; false when it is unknown or already finished.
    @discardableResult
    public func setOutcome(_ outcome: KIEOutcome, forTask taskID: String) -> Bool {
        update(taskID) { $0.plan.apply(outcome) } != nil
    }

    /// Turns random trouble on (or off with nil) for tasks created from now on.
    public func setChaos(_ chaos: KIEChaos?) {
        state.withLock { $0.chaos = chaos }
    }

    public func setCredits(_ credits: Double, apiKey: String) {
        state.withLock { $0.credits[apiKey] = credits }
    }

    public func credits(apiKey: String) -> Double {
        state.withLock { $0.credits[apiKey] ?? 0 }
    }

    /// All tasks, oldest first.
    public var tasks: [KIEStandInTask] {
        state.withLock { Array($0.tasks.values) }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func task(id: String) -> KIEStandInTask? {
        state.withLock { $0.tasks[id] }
    }

    /// createTask calls that passed authentication, accepted or refused, oldest first.
    public var createCalls: [KIECreateCall] {
        state.withLock { $0.createCalls }
    }

    public func createCallCount(apiKey: String) -> Int {
        state.withLock { $0.createCalls.filter { $0.apiKey == apiKey }.count }
    }

    /// recordInfo calls by `apiKey`, including those refused by the rate limit.
    public func recordInfoCallCount(apiKey: String) -> Int {
        state.withLock { $0.recordInfoCalls[apiKey] ?? 0 }
    }

    /// recordInfo calls by `apiKey` refused with 429 for exceeding the per-second limit.
    public func rateLimitedQueryCount(apiKey: String) -> Int {
        state.withLock { $0.rateLimited[apiKey] ?? 0 }
    }

    /// Every callback attempt, in order.
    public var callbacks: [KIEDeliveredCallback] {
        state.withLock { $0.callbacks }
    }

    public func callbacks(taskID: String) -> [KIEDeliveredCallback] {
        callbacks.filter { $0.taskID == taskID }
    }

    /// How result videos are being made: "ffmpeg" or "in-code".
    public var videoMethod: String { videos.method }

    /// Forgets tasks, scripts, rules, chaos and records; every key gets the initial credits again.
    public func reset() {
        state.withLock { state in
            let stopping = state.stopping
            state = KIEStandInState(apiKeys: configuration.apiKeys, initialCredits: configuration.initialCredits, chaos: nil)
            state.stopping = stopping
        }
    }

    /// Polls `condition` until it holds or `timeout` passes; returns whether it held.
    @discardableResult
    public func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
        poll(until: condition, timeout: timeout)
    }
}

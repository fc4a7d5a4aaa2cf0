import KIE

/// Everything the stand-in remembers, behind one lock.
struct KIEStandInState: Sendable {
    var tasks: [String: KIEStandInTask] = [:]
    var credits: [String: Double]
    var createCalls: [KIECreateCall] = []
    var recordInfoCalls: [String: Int] = [:]
    var rateLimited: [String: Int] = [:]
    var callbacks: [KIEDeliveredCallback] = []
    var createWindows: [String: CallWindow] = [:]
    var queryWindows: [String: CallWindow] = [:]
    /// Outcomes for the next created tasks, one each, in order.
    var scriptedOutcomes: [KIEOutcome] = []
    /// Outcomes for tasks whose prompt contains the text.
    var promptRules: [(text: String, outcome: KIEOutcome)] = []
    var chaos: KIEChaos?
    var uploads: [String: (name: String, bytes: [UInt8])] = [:]
    var uploadOrder: [String] = []
    var stopping = false

    /// Kept records are bounded so a long load run does not grow without limit.
    static let maxCallbackRecords = 10_000
    static let maxCreateCallRecords = 10_000
    static let maxUploads = 200

    init(apiKeys: [String], initialCredits: Double, chaos: KIEChaos?) {
        credits = Dictionary(apiKeys.map { ($0, initialCredits) }, uniquingKeysWith: { first, _ in first })
        self.chaos = chaos
    }

    /// The plan for a new task: the next scripted outcome, else the rules matching its prompt, else chance.
    mutating func plan(prompt: String) -> TaskPlan {
        if !scriptedOutcomes.isEmpty { return TaskPlan([scriptedOutcomes.removeFirst()]) }
        let matching = promptRules.filter { prompt.contains($0.text) }.map(\.outcome)
        if !matching.isEmpty { return TaskPlan(matching) }
        guard let chaos else { return TaskPlan() }
        var plan = TaskPlan(chaos.draw())
        plan.generationTime = chaos.generationTime
        return plan
    }

    mutating func record(_ call: KIECreateCall) {
        createCalls.append(call)
        if createCalls.count > Self.maxCreateCallRecords { createCalls.removeFirst(createCalls.count / 2) }
    }

    mutating func record(_ callback: KIEDeliveredCallback) {
        callbacks.append(callback)
        if callbacks.count > Self.maxCallbackRecords { callbacks.removeFirst(callbacks.count / 2) }
    }

    mutating func storeUpload(id: String, name: String, bytes: [UInt8]) {
        uploads[id] = (name, bytes)
        uploadOrder.append(id)
        if uploadOrder.count > Self.maxUploads { uploads[uploadOrder.removeFirst()] = nil }
    }
}

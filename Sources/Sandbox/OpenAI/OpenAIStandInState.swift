/// What the stand-in remembers between calls: the faults still to play and the calls received.
struct OpenAIStandInState: Sendable {
    var faults: [OpenAIFault] = []
    var calls: [OpenAICallRecord] = []
    var callsReceived = 0

    /// Removes and returns the first queued fault that applies to a call of `operation`.
    mutating func takeFault(for operation: OpenAICallRecord.Operation) -> OpenAIFault? {
        guard let index = faults.firstIndex(where: { $0.applies(to: operation) }) else { return nil }
        return faults.remove(at: index)
    }

    mutating func record(_ call: OpenAICallRecord, keeping limit: Int) {
        calls.append(call)
        if calls.count > limit { calls.removeFirst(calls.count - limit) }
    }
}

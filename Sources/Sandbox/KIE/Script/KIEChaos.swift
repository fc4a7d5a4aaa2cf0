/// Random trouble for load tests: each created task independently draws whether its callback is dropped or
/// duplicated and whether it fails (temporarily or for a policy reason), and each create call whether it is
/// refused as temporarily unavailable. Rates are probabilities in 0...1.
public struct KIEChaos: Sendable, Equatable {
    public var dropCallbackRate: Double
    public var duplicateCallbackRate: Double
    /// The task fails with "500 Internal server error" (worth retrying).
    public var temporaryFailureRate: Double
    /// The task fails with "422 … prohibited content" (the user's to fix).
    public var userErrorRate: Double
    /// createTask answers 500 "Internal Error" (HTTP 200 with the code in the body).
    public var createErrorRate: Double
    /// Replaces the configured generation time when set.
    public var generationTime: ClosedRange<Duration>?

    public init(dropCallbackRate: Double = 0, duplicateCallbackRate: Double = 0, temporaryFailureRate: Double = 0,
                userErrorRate: Double = 0, createErrorRate: Double = 0, generationTime: ClosedRange<Duration>? = nil) {
        self.dropCallbackRate = Self.clamped(dropCallbackRate)
        self.duplicateCallbackRate = Self.clamped(duplicateCallbackRate)
        self.temporaryFailureRate = Self.clamped(temporaryFailureRate)
        self.userErrorRate = Self.clamped(userErrorRate)
        self.createErrorRate = Self.clamped(createErrorRate)
        self.generationTime = generationTime
    }

    /// The outcomes one task draws.
    func draw() -> [KIEOutcome] {
        var outcomes: [KIEOutcome] = []
        if Double.random(in: 0..<1) < createErrorRate { return [.createError(httpStatus: nil, bodyCode: 500, message: "Internal Error")] }
        let failure = Double.random(in: 0..<1)
        if failure < userErrorRate {
            outcomes.append(.contentPolicy)
        } else if failure < userErrorRate + temporaryFailureRate {
            outcomes.append(.internalError)
        }
        if Double.random(in: 0..<1) < dropCallbackRate {
            outcomes.append(.dropCallback)
        } else if Double.random(in: 0..<1) < duplicateCallbackRate {
            outcomes.append(.duplicateCallback)
        }
        return outcomes
    }

    private static func clamped(_ rate: Double) -> Double {
        rate.isFinite ? min(1, max(0, rate)) : 0
    }
}

/// The outcomes that apply to one task, folded into what the runner needs to know.
struct TaskPlan: Sendable {
    enum CallbackDelivery: Sendable, Equatable {
        case once
        case twice
        case none
    }

    var failure: (code: String, message: String)?
    var createError: (httpStatus: Int?, bodyCode: Int, message: String)?
    var callback: CallbackDelivery = .once
    var callbackDelay: Duration = .zero
    var extraGenerationTime: Duration = .zero
    var generationTime: ClosedRange<Duration>?

    init(_ outcomes: [KIEOutcome] = []) {
        for outcome in outcomes { apply(outcome) }
    }

    mutating func apply(_ outcome: KIEOutcome) {
        switch outcome {
        case .success: failure = nil
        case .fail(let code, let message): failure = (code, message)
        case .createError(let status, let code, let message): createError = (status, code, message)
        case .dropCallback: callback = .none
        case .duplicateCallback: callback = .twice
        case .delayCallback(let delay): callbackDelay = delay
        case .slow(let extra): extraGenerationTime = extra
        case .all(let outcomes): outcomes.forEach { apply($0) }
        }
    }
}

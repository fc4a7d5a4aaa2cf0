import KIE

/// What the stand-in does with a task (or the create call for it), for scripting tests.
public indirect enum KIEOutcome: Sendable, Equatable {
    /// Generate the video and call back (the default).
    case success
    /// The task ends in `fail` with this `failCode` / `failMsg`, and the callback has code 501.
    case fail(code: String, message: String)
    /// createTask is refused: HTTP `httpStatus` (or HTTP 200 when nil) with `bodyCode` in the body.
    case createError(httpStatus: Int?, bodyCode: Int, message: String)
    /// The task finishes but no callback is sent (recordInfo still tells).
    case dropCallback
    /// The callback is sent twice.
    case duplicateCallback
    /// The callback is sent this long after the task finished.
    case delayCallback(Duration)
    /// Generation takes this much longer than configured.
    case slow(Duration)
    /// Several of the above at once (e.g. fail and duplicate the callback).
    case all([KIEOutcome])

    /// KIE's documented policy refusal.
    public static let contentPolicy = KIEOutcome.fail(code: "422", message: "Invalid prompt: prompt contains prohibited content")
    /// KIE's documented generic failure.
    public static let internalError = KIEOutcome.fail(code: "500", message: "Internal server error")

    /// A create error with KIE's wording for `code`, answered as HTTP `code` or as HTTP 200 with the body code.
    public static func createError(_ code: Int, asHTTPStatus: Bool) -> KIEOutcome {
        .createError(httpStatus: asHTTPStatus ? code : nil, bodyCode: code, message: KIEMessages.text(for: code))
    }
}

/// KIE's wording for its codes (api.md §5), used where the stand-in raises them itself.
enum KIEMessages {
    static func text(for code: Int) -> String {
        switch code {
        case 401: "You do not have access permissions"
        case 402: "The current credits are insufficient. Please top up."
        case 404: "Not Found"
        case 422: "The request parameters failed validation checks"
        case 429: "Request limit has been exceeded for this resource"
        case 433: "Sub-key Usage Exceeds Limit"
        case 455: "System is currently undergoing maintenance"
        case 500: "Internal Error"
        case 501: "Generation Failed"
        case 505: "The requested feature is currently disabled"
        default: "Error"
        }
    }
}

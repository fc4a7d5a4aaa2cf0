/// Where one video is in its pipeline. `failed` and `cancelled` are always refunded, exactly once.
public enum VideoState: String, Sendable, CaseIterable, Codable {
    case queued, submitting, generating, downloading, delivering, delivered, failed, cancelled

    public var isTerminal: Bool {
        switch self {
        case .delivered, .failed, .cancelled: true
        default: false
        }
    }

    /// Cancelling an order stops the videos not yet handed to KIE; the rest are already paid for upstream.
    public var isCancellable: Bool {
        VideoTransition.cancel.from.contains(self)
    }
}

/// Every legal move of a video, declared once. The store writes a move only from these `from` states, so a
/// duplicate or late event finds the video elsewhere and changes nothing.
public enum VideoTransition: String, Sendable, CaseIterable {
    /// The order's prompts are written: the video waits for its KIE task.
    case prepare
    /// KIE accepted the task.
    case submit
    /// KIE's generation failed and attempts remain: a new task.
    case resubmit
    /// KIE made the video; its result is fetched next.
    case made
    /// The result is on disk; it goes to the chat next.
    case downloaded
    case deliver
    /// Refunded, for any reason, from anywhere short of the end.
    case fail
    /// The seller cancelled before KIE had the video; refunded.
    case cancel

    public var from: Set<VideoState> {
        switch self {
        case .prepare: [.queued]
        case .submit: [.submitting]
        case .resubmit: [.generating]
        case .made: [.generating]
        case .downloaded: [.downloading]
        case .deliver: [.delivering]
        case .fail: Set(VideoState.allCases.filter { !$0.isTerminal })
        case .cancel: [.queued, .submitting]
        }
    }

    public var to: VideoState {
        switch self {
        case .prepare, .resubmit: .submitting
        case .submit: .generating
        case .made: .downloading
        case .downloaded: .delivering
        case .deliver: .delivered
        case .fail: .failed
        case .cancel: .cancelled
        }
    }
}

/// Every error is classified once, into one of these, and each class has one policy (brief §4).
public enum FailureClass: String, Sendable, CaseIterable, Codable {
    /// Content policy, prohibited prompt or image, a face: fail, refund, tell the seller what to change.
    case userError = "user_error"
    /// 5xx, 455, timeouts, connection errors, generation failed without a reason: retry, then fail and refund.
    case temporary
    /// 429, KIE 433: another key, cool this one down, retry without spending an attempt.
    case rateLimit = "rate_limit"
    /// KIE 402, OpenAI insufficient_quota: alert support once, take the key out of rotation, wait.
    case billing
    /// 401, unknown model, feature disabled: alert operators, try the fallback model, else fail and refund.
    case config
}

/// Why a video failed, in words a seller understands (rendered per language by `Texts`).
public enum FailureReason: String, Sendable, CaseIterable, Codable {
    case contentPolicy = "content_policy"
    case serviceUnavailable = "service_unavailable"
    case tookTooLong = "took_too_long"
    case cancelled
    /// Refunded although the video may have reached the chat: the delivery's last word from Telegram was unclear
    /// (a timeout or a 5xx after the upload), or its worker died mid-send. The refund stands either way.
    case deliveryUncertain = "delivery_uncertain"
}

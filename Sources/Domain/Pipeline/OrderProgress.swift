/// An order's videos counted by state: what the status message shows.
public struct OrderProgress: Sendable, Equatable {
    public var orderID: Int64
    public var total: Int
    public var counts: [VideoState: Int]
    /// The first failure's reason, for the summary.
    public var failureReason: FailureReason?
    public var isCancelled: Bool

    public init(orderID: Int64, total: Int, counts: [VideoState: Int], failureReason: FailureReason? = nil,
                isCancelled: Bool = false) {
        self.orderID = orderID
        self.total = total
        self.counts = counts
        self.failureReason = failureReason
        self.isCancelled = isCancelled
    }

    public func count(_ state: VideoState) -> Int { counts[state] ?? 0 }

    public var delivered: Int { count(.delivered) }
    public var refunded: Int { count(.failed) + count(.cancelled) }
    public var isFinished: Bool { delivered + refunded == total }
    public var generating: Int { count(.generating) + count(.downloading) + count(.delivering) }
    public var waiting: Int { count(.queued) + count(.submitting) }

    /// The status message's text; the Cancel button stays while any video can still be cancelled.
    public func message(_ texts: Texts) -> OutgoingMessage {
        guard !isFinished else {
            return OutgoingMessage(refunded == 0
                ? texts.orderDone(orderID, delivered, total)
                : texts.orderDoneWithRefunds(orderID, delivered, refunded, texts.failureReason(failureReason ?? .serviceUnavailable)))
        }
        let text = texts.orderProgress(orderID, delivered, generating, waiting, total)
        guard waiting > 0 else { return OutgoingMessage(text) }
        return OutgoingMessage(text, buttons: [[.init(texts.cancelOrderButton, .cancelOrder(orderID))]])
    }
}

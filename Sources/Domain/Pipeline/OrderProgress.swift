/// An order's videos counted by state: what the status message shows.
public struct OrderProgress: Sendable, Equatable {
    /// Where the status line counts a video. Every state has exactly one, so the line always adds up to the order.
    public enum Bucket: Sendable, CaseIterable {
        case ready, generating, queued, refunded
    }

    public var orderID: Int64
    public var total: Int
    public var counts: [VideoState: Int]
    /// The first failed video's reason, for the summary (cancelled videos were the seller's choice, not a failure).
    public var failureReason: FailureReason?

    public init(orderID: Int64, total: Int, counts: [VideoState: Int], failureReason: FailureReason? = nil) {
        self.orderID = orderID
        self.total = total
        self.counts = counts
        self.failureReason = failureReason
    }

    public func count(_ state: VideoState) -> Int { counts[state] ?? 0 }

    public func count(in bucket: Bucket) -> Int {
        counts.reduce(0) { sum, entry in entry.key.bucket == bucket ? sum + entry.value : sum }
    }

    public var delivered: Int { count(.delivered) }
    public var refunded: Int { count(in: .refunded) }
    public var isFinished: Bool { delivered + refunded == total }

    /// The status message's text; the Cancel button stays while any video can still be cancelled.
    public func message(_ texts: Texts) -> OutgoingMessage {
        guard !isFinished else {
            guard refunded > 0 else { return OutgoingMessage(texts.orderDone(orderID, delivered, total)) }
            return OutgoingMessage(texts.orderDoneWithRefunds(
                orderID, delivered, count(.cancelled), count(.failed),
                texts.failureReason(failureReason ?? .serviceUnavailable)))
        }
        let waiting = count(in: .queued)
        let text = texts.orderProgress(orderID, count(in: .ready), count(in: .generating), waiting, refunded, total)
        guard waiting > 0 else { return OutgoingMessage(text) }
        return OutgoingMessage(text, buttons: [[.init(texts.cancelOrderButton, .cancelOrder(orderID))]])
    }
}

extension VideoState {
    /// Handed to KIE means generating (KIE's queue and our download and upload alike); not yet handed means
    /// queued, which is also what Cancel can still stop.
    public var bucket: OrderProgress.Bucket {
        switch self {
        case .queued, .submitting: .queued
        case .generating, .downloading, .delivering: .generating
        case .delivered: .ready
        case .failed, .cancelled: .refunded
        }
    }
}

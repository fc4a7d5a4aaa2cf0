/// One line of 📚 My videos: an order and what came of it.
public struct OrderSummary: Sendable, Equatable {
    public var id: Int64
    public var day: CalendarDay
    public var description: String?
    public var videoCount: Int
    public var delivered: Int
    /// Delivered videos Telegram holds a file_id for; a seller who had blocked the bot never received the rest.
    public var resendable: Int
    /// Failed and cancelled videos, each refunded.
    public var refunded: Int
    public var inProgress: Bool

    public init(id: Int64, day: CalendarDay, description: String?, videoCount: Int, delivered: Int, resendable: Int,
                refunded: Int, inProgress: Bool) {
        self.id = id
        self.day = day
        self.description = description
        self.videoCount = videoCount
        self.delivered = delivered
        self.resendable = resendable
        self.refunded = refunded
        self.inProgress = inProgress
    }
}

/// A video the seller already received: Telegram keeps it under `fileID`, so sending it again costs nothing.
public struct DeliveredVideo: Sendable, Equatable {
    public var orderID: Int64
    public var position: Int
    /// How many videos the order has, for the caption's "2 of 3".
    public var count: Int
    public var fileID: String

    public init(orderID: Int64, position: Int, count: Int, fileID: String) {
        self.orderID = orderID
        self.position = position
        self.count = count
        self.fileID = fileID
    }
}

/// A message delivered by `NOTIFY` to a connection that ran `LISTEN` on its channel.
public struct PostgresNotification: Sendable, Equatable {
    public let channel: String
    public let payload: String

    public init(channel: String, payload: String) {
        self.channel = channel
        self.payload = payload
    }
}

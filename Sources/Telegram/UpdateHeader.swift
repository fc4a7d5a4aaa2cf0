/// What is read of an update whose body `Update` cannot decode (a field of an unexpected type): its id, so it can
/// be recorded once and answered 200 instead of being sent again and again, and which of the kinds the bot reads
/// it carries.
public struct UpdateHeader: Decodable, Sendable {
    public var updateID: Int64
    /// "message", "callback_query", "my_chat_member" or "pre_checkout_query"; nil for any other kind.
    public var kind: String?

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Update.CodingKeys.self)
        updateID = try container.decode(Int64.self, forKey: .updateID)
        kind = container.allKeys.first { $0 != .updateID }?.stringValue
    }
}

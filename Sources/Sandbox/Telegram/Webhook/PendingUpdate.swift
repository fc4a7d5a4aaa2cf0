import JSON

/// An update waiting for delivery: its kind ("message", "callback_query", …) and its content without the id.
struct PendingUpdate: Sendable {
    var updateID: Int64
    /// Updates of one chat are delivered one at a time, in order.
    var chatID: Int64
    var kind: String
    var content: JSONValue

    var body: [UInt8] {
        JSONValue.object(["update_id": .integer(Int(updateID)), kind: content]).serialized()
    }
}

/// What setWebhook configured.
struct WebhookSettings: Sendable {
    var url = ""
    var secretToken: String?
    /// Empty means Telegram's default: every kind except chat_member, message_reaction(_count).
    var allowedUpdates: [String] = []
    var maxConnections = 40

    static let excludedByDefault: Set<String> = ["chat_member", "message_reaction", "message_reaction_count"]

    func accepts(_ kind: String) -> Bool {
        allowedUpdates.isEmpty ? !Self.excludedByDefault.contains(kind) : allowedUpdates.contains(kind)
    }
}

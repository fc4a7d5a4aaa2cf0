/// A Bot API call made in the answer to a webhook request ("Making requests when getting updates"): the method's
/// parameters and its name under `method`, as the JSON body of a 2xx. Telegram performs it, and nobody learns
/// whether it succeeded, so it suits only calls whose failure costs nothing, such as a button's answer.
public struct WebhookReply<Method: TelegramMethod>: Encodable, Sendable {
    public var call: Method

    public init(_ call: Method) {
        self.call = call
    }

    private enum CodingKeys: String, CodingKey {
        case method
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Method.name, forKey: .method)
        try call.encode(to: encoder)
    }
}

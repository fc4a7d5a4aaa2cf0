/// A Bot API method: its parameters are the encoded fields, its answer the `result` of a successful call.
public protocol TelegramMethod: Encodable, Sendable {
    associatedtype Result: Decodable & Sendable
    static var name: String { get }
}

/// editMessage* answer the edited Message, or True when the message was sent via inline mode.
public enum EditResult: Decodable, Sendable, Equatable {
    case message(Message)
    case done

    public init(from decoder: any Decoder) throws {
        if let message = try? Message(from: decoder) {
            self = .message(message)
        } else {
            _ = try Bool(from: decoder)
            self = .done
        }
    }
}

/// The conversation as a pure state machine: (state, input, user) → (new state, effects). No I/O, so every path
/// is testable without Telegram or a database.
public struct Dialogue: Sendable {
    public struct Outcome: Sendable, Equatable {
        public var conversation: Conversation
        public var effects: [BotEffect]
    }

    public let settings: DialogueSettings

    public init(settings: DialogueSettings) {
        self.settings = settings
    }

    public func handle(_ input: BotInput, in conversation: Conversation, for user: UserContext,
                       pressedMessageID: Int64? = nil) -> Outcome {
        var turn = Turn(conversation: conversation, user: user, settings: settings, pressedMessageID: pressedMessageID)
        turn.apply(input)
        if case .button = input, !turn.effects.contains(where: \.isAnswer) {
            turn.effects.append(.answer(text: nil, alert: false))
        }
        return Outcome(conversation: turn.conversation, effects: turn.effects)
    }
}

import Domain
import Telegram

extension UpdateInterpreter {
    /// An operator command, when an operator sent one. From anyone else the same words are left to the dialogue,
    /// exactly as if these commands did not exist.
    static func operatorCommand(in message: Message, from user: User, adminIDs: Set<Int64>) -> OperatorCommand? {
        guard adminIDs.contains(user.id), let text = message.text else { return nil }
        return OperatorCommand(text: text)
    }
}

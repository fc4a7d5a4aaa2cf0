import Domain
import Telegram

/// Reduces a Telegram update to the dialogue's input, or says why the bot leaves it alone.
enum UpdateInterpreter {
    static let maxImageBytes: Int64 = 20 << 20
    static let imageTypes: Set<String> = ["image/jpeg", "image/png", "image/webp"]

    enum Reading: Equatable {
        case input(BotInput, from: User, chatID: Int64, pressedMessageID: Int64?, callbackQueryID: String?)
        case expiredButton(from: User, callbackQueryID: String)
        case membership(userID: Int64, blocked: Bool)
        case preCheckout(PreCheckoutQuery)
        case payment(SuccessfulPayment, from: User, chatID: Int64)
        case operatorCommand(OperatorCommand, from: User, chatID: Int64)
        case ignored(kind: String)
    }

    /// `adminIDs` are the operators, whose operator commands are read as such.
    static func read(_ update: Update, adminIDs: Set<Int64>) -> Reading {
        if let message = update.message {
            guard message.chat.type == "private", let user = message.from, !user.isBot else {
                return .ignored(kind: "message_\(message.chat.type)")
            }
            if let payment = message.successfulPayment {
                return .payment(payment, from: user, chatID: message.chat.id)
            }
            if let command = operatorCommand(in: message, from: user, adminIDs: adminIDs) {
                return .operatorCommand(command, from: user, chatID: message.chat.id)
            }
            return .input(input(of: message), from: user, chatID: message.chat.id, pressedMessageID: nil,
                          callbackQueryID: nil)
        }
        if let query = update.callbackQuery {
            guard let data = query.data, let action = CallbackAction(data: data),
                  let message = query.message, message.chat.type == "private"
            else {
                return .expiredButton(from: query.from, callbackQueryID: query.id)
            }
            let pressed = message.date == 0 ? nil : message.messageID
            return .input(.button(action), from: query.from, chatID: message.chat.id, pressedMessageID: pressed,
                          callbackQueryID: query.id)
        }
        if let query = update.preCheckoutQuery {
            return .preCheckout(query)
        }
        if let member = update.myChatMember, member.chat.type == "private" {
            let status = member.newChatMember.status
            return .membership(userID: member.from.id, blocked: status == "kicked" || status == "left")
        }
        return .ignored(kind: update.myChatMember != nil ? "my_chat_member_group" : "other")
    }

    /// An update whose body did not decode: recorded under its kind, and left alone.
    static func unreadable(_ header: UpdateHeader) -> Reading {
        .ignored(kind: "\(header.kind ?? "other")_unreadable")
    }

    private static func input(of message: Message) -> BotInput {
        if let text = message.text {
            return command(in: text) ?? .text(text)
        }
        if let largest = message.photo?.last {
            return .photo(ProductPhoto(fileID: largest.fileID, fileUniqueID: largest.fileUniqueID,
                                       width: largest.width, height: largest.height))
        }
        if let document = message.document {
            guard let type = document.mimeType?.lowercased(), imageTypes.contains(type) else {
                return .imageFile(nil, problem: .notAnImage)
            }
            if let size = document.fileSize, size > maxImageBytes { return .imageFile(nil, problem: .tooLarge) }
            return .imageFile(ProductPhoto(fileID: document.fileID, fileUniqueID: document.fileUniqueID), problem: nil)
        }
        return .unsupported
    }

    /// `/start payload`, `/help@BotName`. Any other `/word` is an unknown command, so it never becomes a product
    /// description.
    private static func command(in text: String) -> BotInput? {
        guard text.hasPrefix("/"), let next = text.dropFirst().first, !next.isWhitespace, next != "@" else { return nil }
        let words = text.dropFirst().split(maxSplits: 1, whereSeparator: \.isWhitespace)
        let name = words[0].prefix { $0 != "@" }.lowercased()
        guard let command = BotInput.Command(rawValue: name) else { return .unknownCommand }
        let payload = words.count > 1 ? String(words[1].prefix(64)) : nil
        return .command(command, payload: payload)
    }
}

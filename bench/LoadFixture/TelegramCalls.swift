import Foundation
import Sandbox
import Telegram

/// What the bot sent to the sellers' chats, counted at the Telegram stand-in: videos, other messages, edits, and
/// answered button presses.
struct TelegramCalls {
    var videos = 0
    var messages = 0
    var edits = 0
    var answers = 0

    static func take(_ telegram: TelegramStandIn, users: [User]) -> TelegramCalls {
        var calls = TelegramCalls()
        for user in users {
            for message in telegram.chat(user: user) where message.sender == .bot {
                if message.video != nil { calls.videos += 1 } else { calls.messages += 1 }
                calls.edits += message.editCount
            }
        }
        calls.answers = telegram.callbackQueries.filter(\.answered).count
        return calls
    }

    static func - (after: TelegramCalls, before: TelegramCalls) -> TelegramCalls {
        TelegramCalls(videos: after.videos - before.videos, messages: after.messages - before.messages,
                      edits: after.edits - before.edits, answers: after.answers - before.answers)
    }

    func line(videos count: Int) -> String {
        let perVideo = Double(count)
        return String(format: "Telegram per video: sendVideo %.2f, sendMessage %.2f, editMessageText %.2f (messages %.2f), "
                              + "answerCallbackQuery %.2f", Double(videos) / perVideo, Double(messages) / perVideo,
                      Double(edits) / perVideo, Double(videos + messages + edits) / perVideo, Double(answers) / perVideo)
    }
}

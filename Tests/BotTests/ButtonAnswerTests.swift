import Domain
import Foundation
import Postgres
import Telegram
import Testing
@testable import Bot

/// Button presses are answered in the webhook's 200, not by a call of the bot's own: the outcome carries the answer.
@Suite(.serialized) struct ButtonAnswerTests {
    static let secret = "answer-secret"
    let pool: PostgresPool
    let webhook: TelegramWebhook

    init() throws {
        pool = try BotDatabase.pool(named: "button_answers")
        webhook = TelegramWebhook(settings: TelegramWebhook.Settings(
                                      secretToken: Self.secret, dialogue: DialogueSettings(videoPrice: 10, signupBonus: 30),
                                      orderModel: "model", signingSecret: "answer-signing-secret-0123456789"),
                                  pool: pool, logger: BotDatabase.logger)
    }

    func receive(_ json: String) throws -> TelegramWebhook.Outcome {
        try webhook.receive(secretToken: Self.secret, body: Array(json.utf8))
    }

    func press(_ data: String, updateID: Int64, from user: Int64, language: String = "en") throws -> TelegramWebhook.Outcome {
        try receive("""
            {"update_id":\(updateID),"callback_query":{"id":"q\(updateID)","chat_instance":"c","data":"\(data)",
             "from":{"id":\(user),"is_bot":false,"first_name":"S","language_code":"\(language)"},
             "message":{"message_id":1,"date":1760000000,"chat":{"id":\(user),"type":"private"}}}}
            """)
    }

    func start(_ user: Int64, updateID: Int64, language: String = "en") throws {
        _ = try receive("""
            {"update_id":\(updateID),"message":{"message_id":1,"date":1760000000,"chat":{"id":\(user),"type":"private"},
             "from":{"id":\(user),"is_bot":false,"first_name":"S","language_code":"\(language)"},"text":"/start"}}
            """)
    }

    @Test func aPressIsAnsweredInTheResponseAndNoAnswerIsQueued() throws {
        try start(500, updateID: 1)
        #expect(try press(CallbackAction.menu(.help).data, updateID: 2, from: 500)
                    == .accepted(answer: AnswerCallbackQuery(callbackQueryID: "q2")))
        #expect(try pool.query("SELECT 1 FROM jobs WHERE kind <> $1", [OutboxJobs.messageKind]).isEmpty)
    }

    /// The response that carried the first answer may be what got lost, so the repeat is answered too.
    @Test func aRepeatedPressIsAnsweredAgain() throws {
        try start(501, updateID: 10)
        _ = try press(CallbackAction.menu(.help).data, updateID: 11, from: 501)
        #expect(try press(CallbackAction.menu(.help).data, updateID: 11, from: 501)
                    == .duplicate(answer: AnswerCallbackQuery(callbackQueryID: "q11")))
    }

    @Test func aButtonTheBotCannotReadIsAnsweredAsExpiredInTheSellersLanguage() throws {
        try start(502, updateID: 20, language: "ru")
        #expect(try press("no-such-button", updateID: 21, from: 502, language: "en")
                    == .accepted(answer: AnswerCallbackQuery(callbackQueryID: "q21", text: Texts.russian.buttonExpired)))
    }
}

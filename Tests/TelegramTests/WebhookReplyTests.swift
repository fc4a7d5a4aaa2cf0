import Foundation
import Testing
import Telegram

@Suite struct WebhookReplyTests {
    /// Telegram reads the method's name and its parameters side by side in one object.
    @Test func aReplyIsTheCallsParametersWithItsMethodsName() throws {
        let reply = WebhookReply(AnswerCallbackQuery(callbackQueryID: "q7", text: "Done", showAlert: true))
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(reply)) as? NSDictionary
        #expect(object == ["method": "answerCallbackQuery", "callback_query_id": "q7", "text": "Done", "show_alert": true])
    }

    @Test func parametersLeftOutAreNotSent() throws {
        let reply = WebhookReply(AnswerCallbackQuery(callbackQueryID: "q8"))
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(reply)) as? NSDictionary
        #expect(object == ["method": "answerCallbackQuery", "callback_query_id": "q8"])
    }
}

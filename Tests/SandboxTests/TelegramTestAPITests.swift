import Foundation
import HTTPClient
import Sandbox
import Telegram
import Testing

@Suite("Telegram stand-in: the HTTP test API under /sandbox/telegram")
struct TelegramTestAPITests {
    private func post(_ harness: TelegramTestHarness, _ path: String, json: String) throws -> (status: Int, body: [String: Any]) {
        harness.decode(try harness.http.send(HTTPClientRequest(
            method: "POST", url: "\(harness.standIn.baseURL)/sandbox/telegram\(path)",
            headers: [("Content-Type", "application/json")], body: .bytes(Array(json.utf8)))))
    }

    private func get(_ harness: TelegramTestHarness, _ path: String) throws -> (status: Int, body: [String: Any]) {
        harness.decode(try harness.http.send(HTTPClientRequest(url: "\(harness.standIn.baseURL)/sandbox/telegram\(path)")))
    }

    @Test func aProcessCanActAsAUserAndReadTheChat() throws {
        let harness = try TelegramTestHarness()
        let receiver = try TelegramWebhookReceiver()
        defer { receiver.shutdown() }
        harness.standIn.setWebhook(url: receiver.url)
        #expect(try post(harness, "/users/3003/text?first_name=Eve", json: #"{"text":"hello"}"#).status == 200)
        let photo = Data(TelegramFileTests.jpeg).base64EncodedString()
        #expect(try post(harness, "/users/3003/photo", json: #"{"base64":"\#(photo)","caption":"lamp"}"#).status == 200)
        let sent = try harness.client.call(SendMessage(chatID: 3003, text: "Choose",
                                                       replyMarkup: InlineKeyboardMarkup([[.callback("Go", data: "go")]])))
        let (pressed, pressBody) = try post(harness, "/users/3003/press", json: #"{"message_id":\#(sent.messageID),"data":"go"}"#)
        #expect(pressed == 200)
        #expect(pressBody["callback_query_id"] is String)
        #expect(try post(harness, "/users/3003/press", json: #"{"message_id":\#(sent.messageID),"data":"nope"}"#).status == 404)
        #expect(harness.standIn.waitUntil { receiver.updates.count == 3 })
        #expect(receiver.updates.first?.update.message?.from?.firstName == "Eve")
        #expect(receiver.updates[1].update.message?.caption == "lamp")

        let (status, chat) = try get(harness, "/users/3003/chat")
        #expect(status == 200)
        let messages = try #require(chat["messages"] as? [[String: Any]])
        #expect(messages.map { $0["sender"] as? String } == ["user", "user", "bot"])
        #expect((messages.last?["message"] as? [String: Any])?["text"] as? String == "Choose")
        #expect(try get(harness, "/violations").body["violations"] as? [Any] != nil)
    }
}

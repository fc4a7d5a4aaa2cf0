import Foundation
import HTTPClient
import Logging
import Sandbox
import Telegram
import Testing

@Suite("Telegram stand-in: Bot API validation against the spec")
struct TelegramValidationTests {
    @Test func theSpecIsLoaded() throws {
        let harness = try TelegramTestHarness()
        #expect(harness.standIn.specVersion != nil)
    }

    @Test func validCallsSucceedAndLeaveNoViolations() throws {
        let harness = try TelegramTestHarness()
        harness.startChat()
        let keyboard = InlineKeyboardMarkup([[.callback("Yes", data: "yes"), .link("Site", url: "https://example.com")]])
        let sent = try harness.client.call(SendMessage(chatID: TelegramTestHarness.ann.id, text: "Hello", replyMarkup: keyboard))
        #expect(sent.text == "Hello")
        #expect(sent.replyMarkup == keyboard)
        let edited = try harness.client.call(EditMessageText(chatID: TelegramTestHarness.ann.id, messageID: sent.messageID,
                                                             text: "Hello again"))
        guard case .message(let message) = edited else { Issue.record("expected a message"); return }
        #expect(message.text == "Hello again")
        #expect(message.replyMarkup == nil)
        #expect(try harness.client.call(SendChatAction(chatID: TelegramTestHarness.ann.id, action: "typing")))
        #expect(try harness.client.call(SetMyCommands(commands: [BotCommand("start", "Start"), BotCommand("help", "Help")])))
        #expect(try harness.client.call(GetMe()).isBot)
        #expect(harness.standIn.commands()?.map(\.command) == ["start", "help"])
        #expect(harness.standIn.violations.isEmpty)
        let chat = harness.standIn.chat(user: TelegramTestHarness.ann)
        #expect(chat.map(\.sender) == [.user, .bot])
        #expect(chat.last?.text == "Hello again")
        #expect(chat.last?.editCount == 1)
    }

    @Test func textOf4097CharactersIsRejected() throws {
        let harness = try TelegramTestHarness()
        harness.startChat()
        #expect(throws: TelegramError.api(code: 400, description: "Bad Request: message is too long", retryAfter: nil,
                                          migrateToChatID: nil)) {
            try harness.client.call(SendMessage(chatID: TelegramTestHarness.ann.id, text: String(repeating: "я", count: 4097)))
        }
        // 4096 characters (8192 bytes of Cyrillic) are fine: the limit counts characters.
        _ = try harness.client.call(SendMessage(chatID: TelegramTestHarness.ann.id, text: String(repeating: "я", count: 4096)))
        #expect(harness.standIn.violations == [TelegramViolation(method: "sendMessage",
                                                                description: "Bad Request: message is too long")])
    }

    @Test func callbackDataOf65BytesIsRejected() throws {
        let harness = try TelegramTestHarness()
        harness.startChat()
        let tooLong = InlineKeyboardMarkup([[.callback("Go", data: String(repeating: "x", count: 65))]])
        #expect(throws: TelegramError.api(code: 400, description: "Bad Request: BUTTON_DATA_INVALID", retryAfter: nil,
                                          migrateToChatID: nil)) {
            try harness.client.call(SendMessage(chatID: TelegramTestHarness.ann.id, text: "Pick", replyMarkup: tooLong))
        }
        let fits = InlineKeyboardMarkup([[.callback("Go", data: String(repeating: "x", count: 64))]])
        _ = try harness.client.call(SendMessage(chatID: TelegramTestHarness.ann.id, text: "Pick", replyMarkup: fits))
        #expect(harness.standIn.violations.count == 1)
    }

    @Test(arguments: [
        // (method, body, expected description)
        ("sendMessage", #"{"chat_id":1001}"#, "Bad Request: message text is empty"),
        ("sendMessage", #"{"text":"hi"}"#, "Bad Request: chat_id is empty"),
        ("sendMessage", #"{"chat_id":1001,"text":""}"#, "Bad Request: message text is empty"),
        ("sendMessage", #"{"chat_id":{"id":1},"text":"hi"}"#,
         "Bad Request: parameter \"chat_id\" must be of type Integer or String"),
        ("sendMessage", #"{"chat_id":1001,"text":"hi","disable_notification":"maybe"}"#,
         "Bad Request: parameter \"disable_notification\" must be of type Boolean"),
        ("sendMessage", #"{"chat_id":1001,"text":"hi","reply_markup":"{not json"}"#,
         "Bad Request: can't parse reply keyboard markup JSON object"),
        ("sendMessage", #"{"chat_id":1001,"text":"hi","reply_markup":{"inline_keyboard":[[{"text":7,"callback_data":"a"}]]}}"#,
         "Bad Request: can't parse inline keyboard button: field \"text\" must be of type String"),
        ("sendMessage", #"{"chat_id":1001,"text":"hi","reply_markup":{"inline_keyboard":[[{"text":"a"}]]}}"#,
         "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"),
        ("sendMessage", #"{"chat_id":1001,"text":"hi","reply_markup":{"inline_keyboard":[{"text":"a"}]}}"#,
         "Bad Request: can't parse inline keyboard markup: field \"inline_keyboard\" must be of type Array of Array of InlineKeyboardButton"),
        ("answerCallbackQuery", #"{"callback_query_id":"1","text":"\#(String(repeating: "a", count: 201))"}"#,
         "Bad Request: parameter \"text\" must be 0-200 characters long"),
        ("answerCallbackQuery", #"{}"#, "Bad Request: parameter \"callback_query_id\" is required"),
        ("setMyCommands", #"{"commands":[{"command":"start"}]}"#,
         "Bad Request: can't parse bot command: field \"description\" is required"),
        ("setWebhook", #"{"url":"http://127.0.0.1:9/hook","max_connections":500}"#,
         "Bad Request: parameter \"max_connections\" must be between 1 and 100"),
        ("sendVideo", #"{"chat_id":1001,"caption":"x"}"#, "Bad Request: there is no video in the request"),
        ("sendVideo", #"{"chat_id":1001,"video":"abc","caption":"\#(String(repeating: "c", count: 1025))"}"#,
         "Bad Request: message caption is too long"),
    ])
    func specViolationsGetTelegramsAnswerAndAreRecorded(method: String, body: String, expected: String) throws {
        let harness = try TelegramTestHarness()
        harness.startChat()
        let (status, answer) = try harness.rawCall(method, json: body)
        #expect(status == 400)
        #expect(answer["ok"] as? Bool == false)
        #expect(answer["error_code"] as? Int == 400)
        #expect(answer["description"] as? String == expected)
        #expect(harness.standIn.violations.map(\.description) == [expected])
    }

    @Test func unknownMethodIs404AndWrongTokenIs401() throws {
        let harness = try TelegramTestHarness()
        let (status, answer) = try harness.rawCall("sendTelepathy", json: "{}")
        #expect(status == 404)
        #expect(answer["description"] as? String == "Not Found: method not found")
        #expect(harness.standIn.violations.map(\.method) == ["sendTelepathy"])
        let wrongToken = HTTPClientRequest(url: "\(harness.standIn.baseURL)/bot1:wrong/getMe")
        let (unauthorized, body) = harness.decode(try harness.http.send(wrongToken))
        #expect(unauthorized == 401)
        #expect(body["description"] as? String == "Unauthorized")
    }

    @Test func parametersArriveAsQueryFormOrMultipartAndNamesIgnoreCase() throws {
        let harness = try TelegramTestHarness()
        harness.startChat()
        let markup = #"{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}"#
        let query = HTTPClientRequest(url: harness.methodURL("SENDMESSAGE") + "?chat_id=1001&text=via%20query")
        #expect(try harness.http.send(query).status == 200)
        let form = HTTPClientRequest(
            method: "POST", url: harness.methodURL("sendmessage"),
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: .bytes(Array("chat_id=1001&text=via+form&reply_markup=\(markup.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")".utf8)))
        #expect(try harness.http.send(form).status == 200)
        let multipart = HTTPClientRequest(method: "POST", url: harness.methodURL("sendMessage"),
                                          body: .multipart([.field("chat_id", "1001"), .field("text", "via multipart"),
                                                            .field("reply_markup", markup)]))
        #expect(try harness.http.send(multipart).status == 200)
        let chat = harness.standIn.chat(user: TelegramTestHarness.ann)
        #expect(chat.compactMap(\.text) == ["/start", "via query", "via form", "via multipart"])
        #expect(chat.last?.callbackData == ["a"])
        #expect(harness.standIn.violations.isEmpty)
    }
}

@Suite("Telegram stand-in without the spec")
struct TelegramWithoutSpecTests {
    @Test func theStandInStillWorksWithValidationOff() throws {
        let standIn = TelegramStandIn(configuration: TelegramStandInConfiguration(specPath: "/nonexistent/spec.json"),
                                      logger: Logger(label: "telegram-stand-in"))
        try standIn.start()
        defer { standIn.shutdown() }
        #expect(standIn.specVersion == nil)
        let client = TelegramClient(token: standIn.configuration.botToken, apiBase: standIn.baseURL, http: HTTPClient())
        standIn.sendText(from: TelegramTestHarness.ann, text: "/start")
        #expect(try client.call(SendMessage(chatID: TelegramTestHarness.ann.id, text: "still here")).text == "still here")
        // Without the spec only the implemented methods are known.
        #expect(throws: TelegramError.api(code: 404, description: "Not Found: method not found", retryAfter: nil,
                                          migrateToChatID: nil)) {
            try client.call(GetUpdates())
        }
    }
}

/// getUpdates: a real method the stand-in does not implement (the bot uses the webhook).
private struct GetUpdates: TelegramMethod {
    typealias Result = Bool
    static let name = "getUpdates"
}

import Foundation
import Testing
@testable import Telegram

@Suite struct UpdateDecodingTests {
    func decode(_ json: String) throws -> Update {
        try JSONDecoder().decode(Update.self, from: Data(json.utf8))
    }

    @Test func aPhotoMessageDecodesWithItsLargestSizeLast() throws {
        let update = try decode("""
        {"update_id":10,"message":{"message_id":5,"date":1760000000,"chat":{"id":42,"type":"private","first_name":"A"},
         "from":{"id":42,"is_bot":false,"first_name":"A","language_code":"en","is_premium":true},
         "photo":[{"file_id":"s","file_unique_id":"us","width":90,"height":67},
                  {"file_id":"l","file_unique_id":"ul","width":1280,"height":960,"file_size":123456}],
         "caption":"mug","some_future_field":{"x":[1,2,3]}}}
        """)
        #expect(update.message?.photo?.last?.fileID == "l")
        #expect(update.message?.from?.languageCode == "en")
        #expect(update.message?.caption == "mug")
    }

    @Test func unknownUpdateKindsDecodeWithNothingWeHandle() throws {
        let update = try decode("""
        {"update_id":11,"message_reaction":{"chat":{"id":1,"type":"private"},"message_id":3,"date":1,
         "old_reaction":[],"new_reaction":[{"type":"emoji","emoji":"👍"}]}}
        """)
        #expect(update.updateID == 11)
        #expect(update.message == nil && update.callbackQuery == nil && update.myChatMember == nil)
    }

    @Test func aCallbackOnAnInaccessibleMessageStillDecodes() throws {
        let update = try decode("""
        {"update_id":12,"callback_query":{"id":"q1","from":{"id":7,"is_bot":false,"first_name":"B"},
         "message":{"message_id":9,"date":0,"chat":{"id":7,"type":"private"}},"chat_instance":"ci","data":"m:home"}}
        """)
        #expect(update.callbackQuery?.message?.date == 0)
        #expect(update.callbackQuery?.data == "m:home")
    }

    @Test func blockingTheBotArrivesAsKickedChatMember() throws {
        let update = try decode("""
        {"update_id":13,"my_chat_member":{"chat":{"id":7,"type":"private"},"from":{"id":7,"is_bot":false,"first_name":"B"},
         "date":1,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"bot"}},
         "new_chat_member":{"status":"kicked","user":{"id":1,"is_bot":true,"first_name":"bot"},"until_date":0}}}
        """)
        #expect(update.myChatMember?.newChatMember.status == "kicked")
    }

    @Test func malformedUpdatesThrowInsteadOfCrashing() {
        for json in ["", "[]", "{}", #"{"update_id":"x"}"#, #"{"update_id":1,"message":{"message_id":1}}"#] {
            #expect(throws: (any Error).self) { try decode(json) }
        }
    }

    @Test func methodsEncodeTheBotAPIFieldNames() throws {
        let markup = InlineKeyboardMarkup([[.callback("Go", data: "o:1:go")]])
        let json = String(decoding: try JSONEncoder().encode(
            SendMessage(chatID: 42, text: "hi", replyMarkup: markup)), as: UTF8.self)
        #expect(json.contains(#""chat_id":42"#))
        #expect(json.contains(#""reply_markup":{"inline_keyboard":[[{"#))
        #expect(json.contains(#""callback_data":"o:1:go""#))
    }
}

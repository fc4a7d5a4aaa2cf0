import Foundation
import TestSupport
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

    @Test func telegramsSampleTextMessageDecodesAsFromAPerson() throws {
        let update = try decode(TelegramSampleUpdates.startMessage)
        #expect(update.updateID == 10000)
        let message = try #require(update.message)
        #expect(message.messageID == 1365 && message.date == 1441645532)
        #expect(message.chat == Chat(id: 1111111, type: "private"))
        #expect(message.from == User(id: 1111111, isBot: false, firstName: "Test Firstname", username: "Testusername"))
        #expect(message.text == "/start")
    }

    @Test func telegramsSampleDocumentDecodesWithItsFileIDAsItsUniqueID() throws {
        let update = try decode(TelegramSampleUpdates.pdfDocument)
        #expect(update.message?.from?.isBot == false)
        #expect(update.message?.document == Document(fileID: "AwADBAADbXXXXXXXXXXXGBdhD2l6_XX",
                                                     fileUniqueID: "AwADBAADbXXXXXXXXXXXGBdhD2l6_XX",
                                                     fileName: "Testfile.pdf", mimeType: "application/pdf",
                                                     fileSize: 536392))
    }

    /// Telegram's sample callback query has neither `chat_instance` nor the message; a sent video's answer is read
    /// for its file id alone.
    @Test func fieldsTheBotNeverReadsAreNotDemanded() throws {
        let update = try decode("""
        {"update_id":14,"callback_query":{"id":"4382bfdwdsb323b2d9","from":{"id":1111111,"first_name":"T"},
         "data":"Data from button callback","inline_message_id":"1234csdbsk4839"}}
        """)
        #expect(update.callbackQuery?.data == "Data from button callback")
        let video = try JSONDecoder().decode(Video.self, from: Data(#"{"file_id":"v1"}"#.utf8))
        #expect(video.fileID == "v1" && video.fileUniqueID == "v1")
        let photo = try JSONDecoder().decode(PhotoSize.self, from: Data(#"{"file_id":"p1","width":1,"height":2}"#.utf8))
        #expect(photo.fileUniqueID == "p1")
        let file = try JSONDecoder().decode(File.self, from: Data(#"{"file_id":"f1","file_path":"photos/1.jpg"}"#.utf8))
        #expect(file.fileUniqueID == "f1" && file.filePath == "photos/1.jpg")
    }

    @Test func anUnreadableUpdateStillTellsItsIDAndKind() throws {
        let json = #"{"update_id":15,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":5}}"#
        #expect(throws: DecodingError.self) { try decode(json) }
        let header = try JSONDecoder().decode(UpdateHeader.self, from: Data(json.utf8))
        #expect(header.updateID == 15 && header.kind == "message")
        let future = try JSONDecoder().decode(UpdateHeader.self, from: Data(#"{"update_id":16,"managed_bot":{"x":1}}"#.utf8))
        #expect(future.updateID == 16 && future.kind == nil)
    }

    @Test func withoutAnIntegerUpdateIDThereIsNoHeader() {
        for json in ["", "[]", "{}", "null", #"{"update_id":"15"}"#, #"{"update_id":1.5}"#, #"{"update_id":null}"#,
                     #"{"update_id":99999999999999999999}"#] {
            #expect(throws: (any Error).self) { try JSONDecoder().decode(UpdateHeader.self, from: Data(json.utf8)) }
        }
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

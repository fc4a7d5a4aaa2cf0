/// The sample updates on Telegram's "Testing your bot with updates" (core.telegram.org/bots/webhooks, "More examples
/// in curl"), verbatim: the bodies people post to a new webhook first. They are older than `is_bot` and
/// `file_unique_id`, so they have neither.
public enum TelegramSampleUpdates {
    /// "Message with text".
    public static let startMessage = """
        {
        "update_id":10000,
        "message":{
          "date":1441645532,
          "chat":{
             "last_name":"Test Lastname",
             "id":1111111,
             "type": "private",
             "first_name":"Test Firstname",
             "username":"Testusername"
          },
          "message_id":1365,
          "from":{
             "last_name":"Test Lastname",
             "id":1111111,
             "first_name":"Test Firstname",
             "username":"Testusername"
          },
          "text":"/start"
        }
        }
        """

    /// "Message with a document".
    public static let pdfDocument = """
        {
        "update_id":10000,
        "message":{
          "date":1441645532,
          "chat":{
             "last_name":"Test Lastname",
             "type": "private",
             "id":1111111,
             "first_name":"Test Firstname",
             "username":"Testusername"
          },
          "message_id":1365,
          "from":{
             "last_name":"Test Lastname",
             "id":1111111,
             "first_name":"Test Firstname",
             "username":"Testusername"
          },
          "document": {
              "file_id": "AwADBAADbXXXXXXXXXXXGBdhD2l6_XX",
              "file_name": "Testfile.pdf",
              "mime_type": "application/pdf",
              "file_size": 536392
          }
        }
        }
        """
}

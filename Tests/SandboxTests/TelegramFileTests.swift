import Foundation
import HTTPClient
import Sandbox
import Telegram
import Testing

@Suite("Telegram stand-in: uploads, getFile and downloads")
struct TelegramFileTests {
    let ann = TelegramTestHarness.ann

    /// A minimal JPEG head: SOI, then a SOF0 segment declaring 640×480.
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03]
        + [UInt8](repeating: 0x42, count: 300) + [0xFF, 0xD9]

    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tg-\(UUID().uuidString)-\(name)").path
    }

    @Test func aUsersPhotoRoundTripsThroughGetFileAndDownload() throws {
        let harness = try TelegramTestHarness()
        let message = harness.standIn.sendPhoto(from: ann, jpeg: Self.jpeg, caption: "my product")
        let sizes = try #require(message.photo)
        #expect(sizes.count == 3)
        #expect(sizes.last?.width == 640)
        #expect(sizes.last?.height == 480)
        #expect(sizes.first.map { max($0.width, $0.height) } == 90)
        let file = try harness.client.call(GetFile(fileID: try #require(sizes.last?.fileID)))
        #expect(file.fileSize == Int64(Self.jpeg.count))
        let destination = temporaryPath("photo.jpg")
        defer { try? FileManager.default.removeItem(atPath: destination) }
        try harness.client.downloadFile(filePath: try #require(file.filePath), to: destination)
        #expect(FileManager.default.contents(atPath: destination).map(Array.init) == Self.jpeg)
        #expect(throws: TelegramError.api(code: 400, description: "Bad Request: invalid file_id", retryAfter: nil,
                                          migrateToChatID: nil)) {
            try harness.client.call(GetFile(fileID: "no-such-file"))
        }
    }

    /// The OpenAI stand-in reads a photo's caption here: the newest upload of the same bytes decides.
    @Test func theCaptionOfAnUploadIsFoundByItsBytes() throws {
        let harness = try TelegramTestHarness()
        harness.standIn.sendPhoto(from: ann, jpeg: Self.jpeg, caption: "my product")
        #expect(harness.standIn.caption(ofUpload: Self.jpeg) == "my product")
        harness.standIn.sendPhoto(from: TelegramTestHarness.bob, jpeg: Self.jpeg)
        #expect(harness.standIn.caption(ofUpload: Self.jpeg) == nil)
        harness.standIn.sendDocument(from: ann, bytes: Self.jpeg, fileName: "box.jpg", mimeType: "image/jpeg", caption: "as a file")
        #expect(harness.standIn.caption(ofUpload: Self.jpeg) == "as a file")
        #expect(harness.standIn.caption(ofUpload: [0xFF, 0xD8]) == nil)
    }

    @Test func aUsersDocumentIsDescribedAndServed() throws {
        let harness = try TelegramTestHarness()
        let bytes = Array("%PDF-1.4 sandbox".utf8)
        let message = harness.standIn.sendDocument(from: ann, bytes: bytes, fileName: "catalog.pdf",
                                                   mimeType: "application/pdf")
        let document = try #require(message.document)
        #expect(document.fileName == "catalog.pdf")
        let file = try harness.client.call(GetFile(fileID: document.fileID))
        let download = HTTPClientRequest(url: "\(harness.standIn.baseURL)/file/bot\(harness.token)/\(file.filePath ?? "")")
        #expect(try harness.http.send(download).body == bytes)
        let wrongToken = HTTPClientRequest(url: "\(harness.standIn.baseURL)/file/bot1:nope/\(file.filePath ?? "")")
        #expect(try harness.http.send(wrongToken).status == 401)
    }

    @Test func sendVideoUploadsMultipartAndItsFileIDCanBeResent() throws {
        let harness = try TelegramTestHarness()
        harness.startChat()
        let videoBytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = temporaryPath("video.mp4")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(videoBytes)))
        let keyboard = InlineKeyboardMarkup([[.callback("More", data: "more")], [.callback("Menu", data: "menu")]])
        let sent = try harness.client.sendVideo(SendVideo(chatID: ann.id, videoPath: path, caption: "Your video",
                                                          replyMarkup: keyboard, width: 720, height: 1280, duration: 5))
        let video = try #require(sent.video)
        #expect(video.width == 720)
        #expect(sent.caption == "Your video")
        #expect(sent.replyMarkup == keyboard)
        #expect(harness.standIn.fileBytes(fileID: video.fileID) == videoBytes)

        let (status, answer) = try harness.rawCall("sendVideo", json: #"{"chat_id":1001,"video":"\#(video.fileID)"}"#)
        #expect(status == 200)
        let resent = answer["result"] as? [String: Any]
        #expect((resent?["video"] as? [String: Any])?["file_id"] as? String == video.fileID)
        #expect(harness.standIn.chat(user: ann).compactMap(\.video).count == 2)

        let photo = harness.standIn.sendPhoto(from: ann, jpeg: TelegramFileTests.jpeg)
        let (wrongKind, wrongAnswer) = try harness.rawCall(
            "sendVideo", json: #"{"chat_id":1001,"video":"\#(photo.photo?.last?.fileID ?? "")"}"#)
        #expect(wrongKind == 400)
        #expect(wrongAnswer["description"] as? String == "Bad Request: can't use file of type Photo as Video")
        #expect(harness.standIn.violations.isEmpty)
    }
}

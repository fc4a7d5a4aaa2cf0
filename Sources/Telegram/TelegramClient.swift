import Foundation
import HTTPClient

/// The Bot API over HTTPS (or the sandbox's stand-in): JSON calls, the multipart video upload and file downloads.
public final class TelegramClient: Sendable {
    public static let maxDownloadBytes = 20 << 20
    private let token: String
    private let apiBase: String
    private let http: HTTPClient

    public init(token: String, apiBase: String, http: HTTPClient) {
        self.token = token
        self.apiBase = apiBase
        self.http = http
    }

    public func call<Method: TelegramMethod>(_ method: Method) throws -> Method.Result {
        let request = try HTTPClientRequest.json(url: methodURL(Method.name), body: method)
        return try perform(request, expecting: Method.Result.self)
    }

    public func sendVideo(_ video: SendVideo) throws -> Message {
        var parts: [MultipartPart] = [
            .field("chat_id", String(video.chatID)),
            .field("supports_streaming", "true"),
            .file("video", path: video.videoPath, filename: "video.mp4", contentType: "video/mp4"),
        ]
        if let caption = video.caption { parts.append(.field("caption", caption)) }
        if let width = video.width { parts.append(.field("width", String(width))) }
        if let height = video.height { parts.append(.field("height", String(height))) }
        if let duration = video.duration { parts.append(.field("duration", String(duration))) }
        if let markup = video.replyMarkup,
           let json = try? String(decoding: JSONEncoder().encode(markup), as: UTF8.self) {
            parts.append(.field("reply_markup", json))
        }
        let request = HTTPClientRequest(method: "POST", url: methodURL(SendVideo.name), body: .multipart(parts),
                                        timeout: .seconds(120))
        return try perform(request, expecting: Message.self)
    }

    /// Downloads a file that getFile described, capped at Telegram's own 20 MB.
    public func downloadFile(filePath: String, to destination: String, maxBytes: Int = maxDownloadBytes) throws {
        let request = HTTPClientRequest(url: "\(apiBase)/file/bot\(token)/\(filePath)", timeout: .seconds(60))
        do {
            _ = try http.download(request, to: destination, maxBytes: maxBytes)
        } catch let error as HTTPClientError {
            throw TelegramError.transport(error)
        }
    }

    private func methodURL(_ name: String) -> String {
        "\(apiBase)/bot\(token)/\(name)"
    }

    private func perform<Result: Decodable>(_ request: HTTPClientRequest, expecting: Result.Type) throws -> Result {
        let response: HTTPClientResponse
        do {
            response = try http.send(request)
        } catch let error as HTTPClientError {
            throw TelegramError.transport(error)
        }
        guard let envelope = try? JSONDecoder().decode(TelegramResponse<Result>.self, from: Data(response.body)) else {
            throw TelegramError.malformedResponse(status: response.status)
        }
        if envelope.ok, let result = envelope.result { return result }
        throw TelegramError.api(
            code: envelope.errorCode ?? response.status,
            description: envelope.description ?? "",
            retryAfter: envelope.parameters?.retryAfter,
            migrateToChatID: envelope.parameters?.migrateToChatID)
    }
}

extension SendVideo {
    static let name = "sendVideo"
}

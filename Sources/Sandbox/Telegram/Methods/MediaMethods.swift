import HTTPClient
import HTTPServer
import Telegram

/// sendVideo (multipart upload, file_id or URL), getFile and `/file/bot<token>/<file_path>`.
extension TelegramStandIn {
    func sendVideo(_ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        let source = try videoSource(parameters)
        let caption = parameters.string("caption")
        let markup = try parameters.inlineKeyboard()
        let message = try state.withLock { (state) throws(BotAPIError) -> Message in
            let chatID = try state.targetChat(parameters, rateLimited: true)
            let file: FileStore.StoredFile
            switch source {
            case .bytes(let bytes):
                file = state.files.add(bytes, kind: .video, fileExtension: "mp4")
            case .fileID(let id):
                guard let known = state.files.file(id: id) else {
                    throw BotAPIError.badRequest("wrong file identifier/HTTP URL specified")
                }
                guard known.kind == .video else {
                    throw BotAPIError.badRequest("can't use file of type \(known.kind.typeName) as Video")
                }
                file = known
            }
            // Telegram reads what the bot does not say from the file itself.
            let facts = MP4Facts(file.bytes)
            let video = Video(fileID: file.fileID, fileUniqueID: file.fileUniqueID,
                              width: parameters.integer("width").map(Int.init) ?? facts.width ?? 0,
                              height: parameters.integer("height").map(Int.init) ?? facts.height ?? 0,
                              duration: parameters.integer("duration").map(Int.init) ?? facts.seconds ?? 0)
            return try state.appendBotMessage(chatID: chatID, botUser: botUser) { message in
                message.video = video
                message.caption = caption
                message.replyMarkup = markup
            }
        }
        return BotAPIReply.ok(message)
    }

    private enum VideoSource {
        case bytes([UInt8])
        case fileID(String)
    }

    /// An uploaded part (directly or by "attach://<part>"), a file_id, or an HTTP URL the stand-in fetches.
    private func videoSource(_ parameters: CallParameters) throws(BotAPIError) -> VideoSource {
        if let upload = parameters.file("video") { return try checkedUpload(upload) }
        guard let reference = parameters.string("video"), !reference.isEmpty else {
            throw BotAPIError.badRequest(TelegramWording.missingParameter("video"))
        }
        if reference.hasPrefix("attach://") {
            guard let upload = parameters.file(String(reference.dropFirst("attach://".count))) else {
                throw BotAPIError.badRequest("wrong file identifier/HTTP URL specified")
            }
            return try checkedUpload(upload)
        }
        if reference.hasPrefix("http://") || reference.hasPrefix("https://") {
            return .bytes(try fetch(reference))
        }
        return .fileID(reference)
    }

    private func checkedUpload(_ upload: UploadedFile) throws(BotAPIError) -> VideoSource {
        guard upload.bytes.count <= configuration.maxUploadBytes else {
            throw BotAPIError(code: 413, description: "Request Entity Too Large")
        }
        guard !upload.bytes.isEmpty else { throw BotAPIError.badRequest("file must be non-empty") }
        return .bytes(upload.bytes)
    }

    /// Telegram downloads a file sent by URL itself, up to 20 MB.
    private func fetch(_ url: String) throws(BotAPIError) -> [UInt8] {
        let client = HTTPClient(configuration: HTTPClient.Configuration(timeout: .seconds(30),
                                                                        maxResponseBytes: 20 << 20))
        do {
            let response = try client.send(HTTPClientRequest(url: url))
            guard (200..<300).contains(response.status), !response.body.isEmpty else {
                throw BotAPIError.badRequest("failed to get HTTP URL content")
            }
            return response.body
        } catch {
            throw BotAPIError.badRequest("failed to get HTTP URL content")
        }
    }

    func getFile(_ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        let fileID = try parameters.requiredString("file_id")
        guard let file = state.withLock({ $0.files.file(id: fileID) }) else {
            throw BotAPIError.badRequest("invalid file_id")
        }
        guard file.bytes.count <= configuration.maxDownloadBytes else {
            throw BotAPIError.badRequest("file is too big")
        }
        return BotAPIReply.ok(File(fileID: file.fileID, fileUniqueID: file.fileUniqueID,
                                   fileSize: Int64(file.bytes.count), filePath: file.filePath))
    }

    func downloadFile(_ request: HTTPRequest) -> HTTPResponse {
        guard request.pathParameters["bot"] == "bot" + configuration.botToken else {
            return BotAPIError.unauthorized.response
        }
        let path = request.pathParameters["path"] ?? ""
        guard let file = state.withLock({ $0.files.file(path: path) }),
              file.bytes.count <= configuration.maxDownloadBytes else {
            return BotAPIError.fileNotFound.response
        }
        var response = HTTPResponse(status: .ok, body: file.bytes)
        response.headers.set("Content-Type", file.kind.contentType)
        return response
    }
}

extension FileStore.Kind {
    var typeName: String {
        switch self {
        case .photo: "Photo"
        case .document: "Document"
        case .video: "Video"
        }
    }

    var contentType: String {
        switch self {
        case .photo: "image/jpeg"
        case .document: "application/octet-stream"
        case .video: "video/mp4"
        }
    }
}

import HTTPServer
import JSON

/// The browser chat page: a person plays a Telegram user talking to the bot, and scripts the KIE stand-in from a
/// side panel. Plain HTML, CSS and JavaScript served from string literals; the page polls the stand-ins' JSON
/// test APIs (`/sandbox/telegram/…`, `/sandbox/kie/…`, `/sandbox/openai/…`) and the runner's account endpoint.
struct ChatPage: Sendable {
    let telegram: TelegramStandIn
    let posters = PosterFrames()

    func register(on router: Router) {
        let page = Self.asset(ChatPageHTML.text, type: "text/html; charset=utf-8")
        router.get("/") { _ in page }
        router.get("/chat") { _ in page }
        let style = Self.asset(ChatPageStyle.text, type: "text/css; charset=utf-8")
        router.get("/chat/style.css") { _ in style }
        let scripts = [("helpers.js", PageHelpersScript.text), ("samples.js", SamplePhotosScript.text),
                       ("panel.js", OperatorPanelScript.text), ("app.js", ChatPageScript.text)]
        for (name, text) in scripts {
            let script = Self.asset(text, type: "text/javascript; charset=utf-8")
            router.get("/chat/\(name)") { _ in script }
        }
        router.get("/sandbox/page/files/:file") { [telegram] request in
            guard let bytes = telegram.fileBytes(fileID: request.pathParameters["file"] ?? "") else {
                throw HTTPError(.notFound, "no such file")
            }
            return MediaResponse(bytes: bytes, range: request.headers["Range"]).response
        }
        router.get("/sandbox/page/posters/:file") { [telegram, posters] request in
            let fileID = request.pathParameters["file"] ?? ""
            guard let bytes = telegram.fileBytes(fileID: fileID), MediaResponse.mediaType(of: bytes) == "video/mp4",
                  let poster = posters.poster(fileID: fileID, video: bytes) else {
                throw HTTPError(.notFound, "no poster for that file")
            }
            return MediaResponse(bytes: poster, range: nil).response
        }
        router.get("/sandbox/page/bot") { [telegram] _ in
            let bot = telegram.botUser
            return HTTPResponse.json(JSONValue.object([
                "name": .string(bot.firstName), "username": .string(bot.username ?? ""),
            ]).serialized())
        }
    }

    private static func asset(_ text: String, type: String) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", type), ("Cache-Control", "no-cache")]),
                     body: Array(text.utf8))
    }
}

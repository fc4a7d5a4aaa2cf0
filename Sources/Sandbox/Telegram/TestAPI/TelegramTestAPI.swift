import Foundation
import HTTPServer
import JSON
import Telegram

/// `/sandbox/telegram/...`: the fake users' actions and the stand-in's records as JSON over HTTP, for the
/// browser chat page and for tests in other processes.
struct TelegramTestAPI: Sendable {
    let standIn: TelegramStandIn
    /// Photos are at most 10 MB in Telegram; base64 adds a third.
    static let uploadBodyLimit = 16 << 20

    func register(on router: Router) {
        let base = "/sandbox/telegram"
        router.post("\(base)/users/:user/text") { request in
            let user = try user(request)
            let body = try jsonBody(request)
            guard let text = body["text"]?.stringValue, !text.isEmpty else {
                throw HTTPError(.badRequest, "\"text\" is required")
            }
            return reply(["message": JSONValue.encoding(standIn.sendText(from: user, text: text))])
        }
        router.post("\(base)/users/:user/photo", bodyLimit: Self.uploadBodyLimit) { request in
            let user = try user(request)
            let upload = try upload(request)
            let message = standIn.sendPhoto(from: user, jpeg: upload.bytes, caption: upload.fields["caption"])
            return reply(["message": JSONValue.encoding(message)])
        }
        router.post("\(base)/users/:user/document", bodyLimit: Self.uploadBodyLimit) { request in
            let user = try user(request)
            let upload = try upload(request)
            let message = standIn.sendDocument(
                from: user, bytes: upload.bytes, fileName: upload.fields["file_name"] ?? "document.bin",
                mimeType: upload.fields["mime_type"] ?? "application/octet-stream", caption: upload.fields["caption"])
            return reply(["message": JSONValue.encoding(message)])
        }
        router.post("\(base)/users/:user/press") { request in
            let user = try user(request)
            let body = try jsonBody(request)
            guard case .integer(let messageID)? = body["message_id"], let data = body["data"]?.stringValue else {
                throw HTTPError(.badRequest, "\"message_id\" and \"data\" are required")
            }
            do {
                let id = try standIn.pressButton(user: user, messageID: Int64(messageID), data: data)
                return reply(["callback_query_id": .string(id)])
            } catch {
                throw HTTPError(.notFound, "\(error)")
            }
        }
        router.post("\(base)/users/:user/pay") { request in
            let user = try user(request)
            guard case .integer(let messageID)? = try jsonBody(request)["message_id"] else {
                throw HTTPError(.badRequest, "\"message_id\" is required")
            }
            do {
                let id = try standIn.payInvoice(user: user, messageID: Int64(messageID))
                return reply(["pre_checkout_query_id": .string(id)])
            } catch {
                throw HTTPError(.notFound, "\(error)")
            }
        }
        router.post("\(base)/users/:user/block") { request in
            standIn.blockBot(user: try user(request))
            return reply(["blocked": .bool(true)])
        }
        router.get("\(base)/users/:user/chat") { request in
            let messages = standIn.chat(user: try user(request))
            return reply(["messages": JSONValue.encoding(messages)])
        }
        router.get("\(base)/violations") { _ in
            reply(["violations": JSONValue.encoding(standIn.violations)])
        }
        router.get("\(base)/callback-queries") { _ in
            reply(["callback_queries": .array(standIn.callbackQueries.map { query in
                .object(["id": .string(query.id), "user_id": .integer(Int(query.userID)),
                         "message_id": .integer(Int(query.messageID)), "data": .string(query.data),
                         "answered": .bool(query.answered)])
            })])
        }
        router.get("\(base)/files/:file") { request in
            guard let bytes = standIn.fileBytes(fileID: request.pathParameters["file"] ?? "") else {
                throw HTTPError(.notFound, "no such file")
            }
            return HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "application/octet-stream")]),
                                body: bytes)
        }
    }

    /// The user named by the path; a known user keeps their name, a new one gets `first_name` from the query.
    private func user(_ request: HTTPRequest) throws -> User {
        guard let id = Int64(request.pathParameters["user"] ?? ""), id > 0 else {
            throw HTTPError(.badRequest, "the user id must be a positive integer")
        }
        if let known = standIn.state.withLock({ $0.chats[id]?.user }) { return known }
        let query = request.queryItems
        return User(id: id, firstName: query["first_name"] ?? "User \(id)", username: query["username"],
                    languageCode: query["language_code"])
    }

    private func jsonBody(_ request: HTTPRequest) throws -> JSONValue {
        guard let body = JSONValue.parse(request.body), case .object = body else {
            throw HTTPError(.badRequest, "the body must be a JSON object")
        }
        return body
    }

    /// A file as JSON (`{"base64": …, "caption": …}`) or as the raw body with its fields in the query string.
    private func upload(_ request: HTTPRequest) throws -> (bytes: [UInt8], fields: [String: String]) {
        let isJSON = request.headers["Content-Type"]?.lowercased().hasPrefix("application/json") ?? false
        guard isJSON else {
            guard !request.body.isEmpty else { throw HTTPError(.badRequest, "the body is empty") }
            return (request.body, request.queryItems)
        }
        guard case .object(let members) = try jsonBody(request),
              let encoded = members["base64"]?.stringValue, let data = Data(base64Encoded: encoded), !data.isEmpty else {
            throw HTTPError(.badRequest, "\"base64\" must hold the file's bytes")
        }
        return (Array(data), members.compactMapValues(\.stringValue).filter { $0.key != "base64" })
    }

    private func reply(_ members: [String: JSONValue]) -> HTTPResponse {
        HTTPResponse.json(JSONValue.object(members).serialized())
    }
}

import Foundation
import HTTPServer
import JSON

/// A file part of a multipart request.
struct UploadedFile: Sendable {
    var fileName: String?
    var contentType: String?
    var bytes: [UInt8]
}

/// One parameter as it arrived. Telegram accepts every parameter as text (query string, form, multipart field)
/// and objects as JSON-serialized text; a JSON body carries typed values instead.
enum ParameterValue: Sendable {
    case text(String)
    case json(JSONValue)
    case file(UploadedFile)
}

/// The parameters of one Bot API call, from the query string and the body, whatever its encoding.
struct CallParameters: Sendable {
    var values: [String: ParameterValue]

    subscript(name: String) -> ParameterValue? { values[name] }

    static func parse(_ request: HTTPRequest) throws(BotAPIError) -> CallParameters {
        var values: [String: ParameterValue] = [:]
        for (name, value) in request.queryItems {
            values[name] = .text(value)
        }
        guard !request.body.isEmpty else { return CallParameters(values: values) }
        let contentType = request.headers["Content-Type"]?.lowercased() ?? ""
        if contentType.hasPrefix("application/json") {
            guard case .object(let fields)? = JSONValue.parse(request.body) else {
                throw BotAPIError.badRequest("can't parse JSON object")
            }
            for (name, value) in fields where value != .null {
                values[name] = .json(value)
            }
        } else if contentType.hasPrefix("application/x-www-form-urlencoded") {
            for (name, value) in FormURLDecoding.pairs(String(decoding: request.body, as: UTF8.self)) {
                values[name] = .text(value)
            }
        } else if contentType.hasPrefix("multipart/form-data") {
            guard let boundary = MultipartFormParser.boundary(fromContentType: request.headers["Content-Type"] ?? ""),
                  let parts = MultipartFormParser.parse(request.body, boundary: boundary) else {
                throw BotAPIError.badRequest("can't parse multipart/form-data request")
            }
            for part in parts {
                if let fileName = part.fileName {
                    values[part.name] = .file(UploadedFile(fileName: fileName, contentType: part.contentType,
                                                           bytes: part.body))
                } else {
                    values[part.name] = .text(String(decoding: part.body, as: UTF8.self))
                }
            }
        }
        return CallParameters(values: values)
    }

    // MARK: Reading values the spec has already checked

    func string(_ name: String) -> String? {
        switch values[name] {
        case .text(let text): text
        case .json(.string(let text)): text
        case .json(.integer(let number)): String(number)
        case .json(.number(let number)): String(number)
        default: nil
        }
    }

    func integer(_ name: String) -> Int64? {
        switch values[name] {
        case .text(let text): Int64(text.trimmingCharacters(in: .whitespaces))
        case .json(.integer(let number)): Int64(number)
        case .json(.string(let text)): Int64(text)
        default: nil
        }
    }

    func bool(_ name: String) -> Bool? {
        switch values[name] {
        case .text(let text), .json(.string(let text)): FormURLDecoding.boolean(text)
        case .json(.bool(let flag)): flag
        default: nil
        }
    }

    /// An object or array parameter, whether sent as JSON or as JSON-serialized text.
    func json(_ name: String) -> JSONValue? {
        switch values[name] {
        case .json(.string(let text)), .text(let text): JSONValue.parse(Array(text.utf8))
        case .json(let value): value
        default: nil
        }
    }

    func file(_ name: String) -> UploadedFile? {
        if case .file(let file) = values[name] { return file }
        return nil
    }
}

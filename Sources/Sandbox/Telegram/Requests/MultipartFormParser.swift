import Foundation

/// Reads a `multipart/form-data` body (RFC 7578) already held in memory. Bounded: at most `maxParts` parts and
/// `maxPartHeaderBytes` of headers per part; anything malformed yields nil rather than a guess.
enum MultipartFormParser {
    struct Part: Sendable {
        var name: String
        var fileName: String?
        var contentType: String?
        var body: [UInt8]
    }

    static let maxParts = 100
    static let maxPartHeaderBytes = 8192

    static func boundary(fromContentType contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else {
                continue
            }
            let value = pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    static func parse(_ body: [UInt8], boundary: String) -> [Part]? {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        guard let first = find(delimiter, in: body, from: 0) else { return nil }
        var cursor = first + delimiter.count
        var parts: [Part] = []
        while true {
            // After a delimiter: "--" closes the body, CRLF starts a part.
            if hasPrefix(Array("--".utf8), in: body, at: cursor) { return parts }
            guard hasPrefix(Array("\r\n".utf8), in: body, at: cursor), parts.count < maxParts else { return nil }
            cursor += 2
            guard let headerEnd = find(Array("\r\n\r\n".utf8), in: body, from: cursor),
                  headerEnd - cursor <= maxPartHeaderBytes,
                  let next = find(separator, in: body, from: headerEnd + 4) else { return nil }
            let headerText = String(decoding: body[cursor..<headerEnd], as: UTF8.self)
            guard var part = part(fromHeaders: headerText) else { return nil }
            part.body = Array(body[(headerEnd + 4)..<next])
            parts.append(part)
            cursor = next + separator.count
        }
    }

    private static func part(fromHeaders text: String) -> Part? {
        var name: String?
        var fileName: String?
        var contentType: String?
        for line in text.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if field == "content-disposition" {
                let parameters = dispositionParameters(value)
                name = parameters["name"]
                fileName = parameters["filename"]
            } else if field == "content-type" {
                contentType = value
            }
        }
        guard let name, !name.isEmpty else { return nil }
        return Part(name: name, fileName: fileName, contentType: contentType, body: [])
    }

    /// `form-data; name="video"; filename="video.mp4"` → ["name": "video", "filename": "video.mp4"].
    private static func dispositionParameters(_ value: String) -> [String: String] {
        var parameters: [String: String] = [:]
        var rest = Substring(value)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop { $0 == " " }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].lowercased()
            rest = rest[rest.index(after: equals)...]
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var text = ""
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\", let escaped = rest.first {
                        text.append(escaped)
                        rest = rest.dropFirst()
                    } else {
                        text.append(character)
                    }
                }
                rest = rest.dropFirst()
                parameters[key] = text
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                parameters[key] = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
        }
        return parameters
    }

    private static func hasPrefix(_ prefix: [UInt8], in bytes: [UInt8], at index: Int) -> Bool {
        index + prefix.count <= bytes.count && bytes[index..<(index + prefix.count)].elementsEqual(prefix)
    }

    /// The index of the first occurrence of `needle` at or after `start`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let firstByte = needle.first, start <= haystack.count - needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay -> Int? in
            needle.withUnsafeBufferPointer { pattern -> Int? in
                guard let hayBase = hay.baseAddress, let patternBase = pattern.baseAddress else { return nil }
                var position = start
                let lastStart = hay.count - pattern.count
                while position <= lastStart {
                    guard let found = memchr(hayBase + position, Int32(firstByte), lastStart - position + 1) else {
                        return nil
                    }
                    let index = hayBase.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hayBase + index, patternBase, pattern.count) == 0 { return index }
                    position = index + 1
                }
                return nil
            }
        }
    }
}

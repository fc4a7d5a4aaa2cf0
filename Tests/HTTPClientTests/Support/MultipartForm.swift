/// A minimal multipart/form-data reader for test handlers, strict enough to notice a malformed body.
struct MultipartForm {
    struct Part {
        var name: String?
        var filename: String?
        var contentType: String?
        var content: [UInt8]
    }

    let parts: [Part]

    init?(body: [UInt8], contentType: String) {
        guard let boundaryRange = contentType.range(of: "boundary=") else { return nil }
        let boundary = contentType[boundaryRange.upperBound...].trimmingCharacters(in: "\"")
        let delimiter = Array("--\(boundary)".utf8)
        var sections = body.split(separator: delimiter)
        // First section is the (empty) preamble; the last starts with "--" and closes the body.
        guard sections.count >= 2, sections.removeFirst().isEmpty, sections.removeLast().starts(with: Array("--".utf8)) else {
            return nil
        }
        var parts: [Part] = []
        for section in sections {
            guard section.starts(with: Array("\r\n".utf8)), section.ends(with: Array("\r\n".utf8)),
                  let headEnd = section.firstRange(of: Array("\r\n\r\n".utf8))
            else { return nil }
            let head = String(decoding: section[(section.startIndex + 2)..<headEnd.lowerBound], as: UTF8.self)
            var part = Part(content: Array(section[headEnd.upperBound..<(section.endIndex - 2)]))
            for line in head.split(separator: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    part.name = Self.parameter("name", in: String(line))
                    part.filename = Self.parameter("filename", in: String(line))
                } else if lower.hasPrefix("content-type:") {
                    part.contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: " ")
                }
            }
            parts.append(part)
        }
        self.parts = parts
    }

    func part(named name: String) -> Part? {
        parts.first { $0.name == name }
    }

    private static func parameter(_ name: String, in line: String) -> String? {
        guard let range = line.range(of: "; \(name)=\"") else { return nil }
        let rest = line[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}

private extension Collection where Element == UInt8 {
    func split(separator: [UInt8]) -> [ArraySlice<UInt8>] {
        let bytes = Array(self)
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index + separator.count <= bytes.count {
            if bytes[index..<(index + separator.count)].elementsEqual(separator) {
                pieces.append(bytes[start..<index])
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(bytes[start...])
        return pieces
    }
}

private extension ArraySlice where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self.suffix(suffix.count).elementsEqual(suffix)
    }
}

private extension StringProtocol {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}

/// A path pattern: literal segments, `:name` parameters and an optional trailing `*name` catch-all.
struct RoutePattern: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case catchAll(String)
    }

    let text: String
    let segments: [Segment]

    init(_ text: String) {
        self.text = text
        var segments: [Segment] = []
        for part in text.split(separator: "/", omittingEmptySubsequences: true) {
            if part.hasPrefix(":") {
                segments.append(.parameter(String(part.dropFirst())))
            } else if part.hasPrefix("*") {
                precondition(!segments.contains { if case .catchAll = $0 { true } else { false } },
                             "route \(text): only one trailing catch-all is allowed")
                segments.append(.catchAll(String(part.dropFirst())))
            } else {
                segments.append(.literal(String(part)))
            }
        }
        if let catchAllIndex = segments.firstIndex(where: { if case .catchAll = $0 { true } else { false } }) {
            precondition(catchAllIndex == segments.count - 1, "route \(text): the catch-all must be last")
        }
        self.segments = segments
    }

    /// The path a parameter-free pattern matches exactly ("/" for the root).
    var normalizedLiteralPath: String {
        "/" + segments.map { if case .literal(let text) = $0 { text } else { "" } }.joined(separator: "/")
    }

    /// Literal segments rank a pattern above one with parameters at the same place.
    var specificity: Int {
        segments.reduce(0) { score, segment in
            switch segment {
            case .literal: score + 2
            case .parameter: score + 1
            case .catchAll: score
            }
        }
    }

    /// The decoded parameters when `pathSegments` matches, else nil.
    func match(_ pathSegments: [Substring]) -> [String: String]? {
        var parameters: [String: String] = [:]
        var index = 0
        for segment in segments {
            switch segment {
            case .literal(let literal):
                guard index < pathSegments.count, pathSegments[index] == literal else { return nil }
            case .parameter(let name):
                guard index < pathSegments.count, !pathSegments[index].isEmpty,
                      let value = percentDecoded(pathSegments[index], plusAsSpace: false) else { return nil }
                parameters[name] = value
            case .catchAll(let name):
                let rest = pathSegments[min(index, pathSegments.count)...].joined(separator: "/")
                guard let value = percentDecoded(Substring(rest), plusAsSpace: false) else { return nil }
                parameters[name] = value
                return parameters
            }
            index += 1
        }
        return index == pathSegments.count ? parameters : nil
    }
}

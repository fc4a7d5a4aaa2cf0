import Foundation

/// The variables the service is configured from: the process environment, over an optional `.env` file.
public struct Environment: Sendable {
    public private(set) var values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    /// The process environment, with a `.env` file (if present) filling in what the environment leaves unset.
    public static func load(dotEnvPath: String = ".env") throws -> Environment {
        var values = try DotEnvFile.read(path: dotEnvPath)
        values.merge(ProcessInfo.processInfo.environment) { _, process in process }
        return Environment(values)
    }

    public subscript(name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}

/// `KEY=value` lines; `#` comments, blank lines, an optional `export ` prefix and quoted values.
enum DotEnvFile {
    static func read(path: String) throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line.removeFirst("export ".count) }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError(variable: "\(path):\(index + 1)", problem: "is not a KEY=value line")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            values[key] = unquote(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces))
        }
        return values
    }

    private static func unquote(_ value: String) -> String {
        for quote in ["\"", "'"] where value.count >= 2 && value.hasPrefix(quote) && value.hasSuffix(quote) {
            return String(value.dropFirst().dropLast())
        }
        return value
    }
}

import Foundation

/// Typed reads of single variables; each failure names its variable.
struct EnvironmentReader {
    let environment: Environment

    init(_ environment: Environment) {
        self.environment = environment
    }

    func optional(_ name: String) -> String? {
        environment[name]
    }

    func required(_ name: String) throws -> String {
        guard let value = environment[name] else {
            throw ConfigurationError(variable: name, problem: "is not set")
        }
        return value
    }

    func list(_ name: String) -> [String] {
        (environment[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func parsed<T>(_ name: String, default fallback: String, _ parse: (String) throws -> T?) throws -> T {
        let text = environment[name] ?? fallback
        guard let value = try? parse(text) else {
            throw ConfigurationError(variable: name, problem: "is malformed: \(text.debugDescription)")
        }
        return value
    }

    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = environment[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(variable: name, problem: "must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    func int64(_ text: String, variable: String) throws -> Int64 {
        guard let value = Int64(text) else {
            throw ConfigurationError(variable: variable, problem: "must hold integers, got \(text.debugDescription)")
        }
        return value
    }

    func url(_ name: String, default fallback: String) throws -> String {
        try optionalURL(name) ?? fallback
    }

    /// An http(s) origin or base path, kept without a trailing slash so paths can be appended.
    func optionalURL(_ name: String) throws -> String? {
        guard let text = environment[name] else { return nil }
        guard let components = URLComponents(string: text), ["http", "https"].contains(components.scheme ?? ""),
              components.host?.isEmpty == false
        else {
            throw ConfigurationError(variable: name, problem: "must be an http(s) URL, got \(text.debugDescription)")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}

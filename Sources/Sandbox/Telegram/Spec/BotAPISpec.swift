import Foundation
import Synchronization

/// The official Bot API description (`bot-api-spec.json`), read at run time and never copied into the project.
/// Only the parts validation needs are decoded: methods and types with their fields.
public struct BotAPISpec: Sendable {
    public let version: String
    /// Keyed by the lowercased name: Telegram matches method names case-insensitively.
    let methods: [String: SpecMethod]
    let types: [String: SpecType]

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(path: String)
        case malformed(path: String, reason: String)

        public var description: String {
            switch self {
            case .unreadable(let path): "cannot read the Bot API spec at \(path)"
            case .malformed(let path, let reason): "the Bot API spec at \(path) is not usable: \(reason)"
            }
        }
    }

    /// Specs already read, by path: parsing the 900 kB file takes a noticeable moment, and tests start many
    /// stand-ins.
    private static let loaded = Mutex<[String: BotAPISpec]>([:])

    /// The spec at `path`, read once per process.
    public static func cached(path: String) throws -> BotAPISpec {
        if let spec = loaded.withLock({ $0[path] }) { return spec }
        let spec = try load(path: path)
        loaded.withLock { $0[path] = spec }
        return spec
    }

    public static func load(path: String) throws -> BotAPISpec {
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadError.unreadable(path: path) }
        do {
            let document = try JSONDecoder().decode(Document.self, from: data)
            return BotAPISpec(
                version: document.version,
                methods: Dictionary(document.methods.values.map { ($0.name.lowercased(), $0) }) { first, _ in first },
                types: document.types)
        } catch {
            throw LoadError.malformed(path: path, reason: "\(error)")
        }
    }

    /// `TELEGRAM_SPEC_PATH`, else `../shared/telegram/bot-api-spec.json` beside the project directory.
    public static var defaultPath: String {
        if let path = ProcessInfo.processInfo.environment["TELEGRAM_SPEC_PATH"], !path.isEmpty { return path }
        return FileManager.default.currentDirectoryPath + "/../shared/telegram/bot-api-spec.json"
    }

    func method(named name: String) -> SpecMethod? {
        methods[name.lowercased()]
    }

    private struct Document: Decodable {
        var version: String
        var methods: [String: SpecMethod]
        var types: [String: SpecType]
    }
}

struct SpecMethod: Decodable, Sendable {
    var name: String
    var fields: [SpecField]

    enum CodingKeys: String, CodingKey { case name, fields }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        fields = try container.decodeIfPresent([SpecField].self, forKey: .fields) ?? []
    }
}

struct SpecType: Decodable, Sendable {
    var name: String
    var fields: [SpecField]
    /// For an abstract type (BotCommandScope, ReplyMarkup kinds…): the concrete types it stands for.
    var subtypes: [String]
    var description: [String]

    enum CodingKeys: String, CodingKey { case name, fields, subtypes, description }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        fields = try container.decodeIfPresent([SpecField].self, forKey: .fields) ?? []
        subtypes = try container.decodeIfPresent([String].self, forKey: .subtypes) ?? []
        description = try container.decodeIfPresent([String].self, forKey: .description) ?? []
    }
}

struct SpecField: Decodable, Sendable {
    var name: String
    var types: [SpecTypeExpression]
    var required: Bool
    var limits: FieldLimits

    enum CodingKeys: String, CodingKey { case name, types, required, description }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        types = try container.decode([String].self, forKey: .types).map(SpecTypeExpression.init(parsing:))
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? false
        let description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        limits = FieldLimits(description: description)
    }
}

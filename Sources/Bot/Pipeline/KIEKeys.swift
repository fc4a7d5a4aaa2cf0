import Foundation
import Postgres
import Signing
import Timekeeping

/// KIE API keys in rotation, shared by every process through PostgreSQL (`KIEKeyStates`). Keys are known to the
/// database only by an id derived from a hash, so no secret is ever stored or logged.
struct KIEKeys: Sendable {
    struct Key: Sendable {
        let id: String
        let secret: String
    }

    let keys: [Key]

    init(_ secrets: [String]) {
        keys = secrets.map { Key(id: Self.id(of: $0), secret: $0) }
    }

    static func id(of secret: String) -> String {
        "k" + String(Signing.hex(Signing.sha256(Array(secret.utf8))).prefix(12))
    }

    func key(id: String?) -> Key? {
        keys.first { $0.id == id }
    }

    func register(on db: PostgresConnection) throws {
        try KIEKeyStates.register(ids: keys.map(\.id), on: db)
    }

    enum Choice {
        case key(Key)
        /// Every key is cooling down or out of credit; try again after this long.
        case wait(Duration, allOutOfCredit: Bool)
    }

    /// The least recently used key that is neither cooling down nor out of rotation.
    func acquire(on db: PostgresConnection) throws -> Choice {
        let ids = keys.map(\.id)
        if let key = key(id: try KIEKeyStates.takeLeastRecentlyUsed(ids: ids, on: db)) {
            return .key(key)
        }
        let unavailable = try KIEKeyStates.unavailable(ids: ids, on: db)
        let seconds = max(0.2, unavailable.seconds ?? 1)
        return .wait(.milliseconds(Int(min(seconds, 60) * 1000)), allOutOfCredit: unavailable.allOutOfCredit)
    }
}

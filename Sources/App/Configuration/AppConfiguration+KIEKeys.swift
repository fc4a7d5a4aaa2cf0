import Foundation
import Bot

extension AppConfiguration {
    /// The longest account name `KIE_API_KEYS` takes.
    static let maxAccountNameLength = 32

    /// `KIE_API_KEYS`' entries: `account:key` puts the key in that account (split at the first colon, so a key may
    /// hold colons when its account is written), a key alone is an account of its own. Errors name the entry by its
    /// place, never by its text, which holds a secret.
    static func kieAPIKeys(_ entries: [String]) throws -> [KIEAPIKey] {
        var keys: [KIEAPIKey] = []
        for (index, entry) in entries.enumerated() {
            let place = "entry \(index + 1)"
            var key = KIEAPIKey(secret: entry)
            if let colon = entry.firstIndex(of: ":") {
                let account = entry[..<colon].trimmingCharacters(in: .whitespaces)
                guard isLabel(account, length: 1...maxAccountNameLength) else {
                    throw kieKeysError("\(place): the account before ':' must be 1-\(maxAccountNameLength) characters "
                                       + "of A-Z, a-z, 0-9, _ and -")
                }
                key = KIEAPIKey(secret: entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces),
                                account: account)
                guard !key.secret.isEmpty else {
                    throw kieKeysError("\(place) (account \(account)) has no key after ':'")
                }
            }
            if let first = keys.firstIndex(where: { $0.secret == key.secret }) {
                throw kieKeysError("\(place) repeats the key of entry \(first + 1) (a key belongs to one account)")
            }
            keys.append(key)
        }
        return keys
    }

    private static func kieKeysError(_ problem: String) -> ConfigurationError {
        ConfigurationError(variable: "KIE_API_KEYS", problem: problem)
    }
}

@testable import Bot
import Testing
@testable import App

/// `KIE_API_KEYS` groups keys by KIE account (`account:key`); a key alone is an account of its own.
@Suite struct KIEKeyConfigurationTests {
    func keys(_ value: String) throws -> [KIEAPIKey] {
        try AppConfiguration(environment: Environment([
            "DATABASE_URL": "postgres://app@127.0.0.1:5432/neurocards", "KIE_API_KEYS": value,
        ])).kie.apiKeys
    }

    @Test func keysAreGroupedByTheAccountBeforeTheirColon() throws {
        #expect(try keys(" main:k1, main : k2 ,,spare-2:k3, k4,main:k5") == [
            KIEAPIKey(secret: "k1", account: "main"), KIEAPIKey(secret: "k2", account: "main"),
            KIEAPIKey(secret: "k3", account: "spare-2"), KIEAPIKey(secret: "k4"),
            KIEAPIKey(secret: "k5", account: "main"),
        ])
    }

    @Test func aKeyWithColonsNeedsItsAccountWritten() throws {
        #expect(try keys("main:part:rest") == [KIEAPIKey(secret: "part:rest", account: "main")])
    }

    @Test func everyKeyIsASecretToRedactAndNoAccountNameIs() throws {
        let configuration = try AppConfiguration(environment: Environment([
            "DATABASE_URL": "postgres://app@127.0.0.1:5432/neurocards", "KIE_API_KEYS": "main:key-one,key-two",
        ]))
        #expect(configuration.secrets.contains("key-one") && configuration.secrets.contains("key-two"))
        #expect(!configuration.secrets.contains { $0.contains("main") })
        // Printed, a key shows its account and id only.
        #expect(configuration.kie.apiKeys.map(\.description) == ["main/\(KIEKeys.id(of: "key-one"))",
                                                                 KIEKeys.id(of: "key-two")])
        #expect(!"\(configuration.kie.apiKeys)".contains("key-"))
    }

    @Test(arguments: [
        ("ma in:secret-a", "entry 1: the account before ':' must be 1-32 characters of A-Z, a-z, 0-9, _ and -"),
        ("k0,:secret-a", "entry 2: the account before ':' must be 1-32 characters of A-Z, a-z, 0-9, _ and -"),
        ("счёт:secret-a", "entry 1: the account before ':' must be 1-32 characters of A-Z, a-z, 0-9, _ and -"),
        (String(repeating: "a", count: 33) + ":secret-a",
         "entry 1: the account before ':' must be 1-32 characters of A-Z, a-z, 0-9, _ and -"),
        ("main:secret-a,main: ", "entry 2 (account main) has no key after ':'"),
        ("secret-a,main:secret-a", "entry 2 repeats the key of entry 1 (a key belongs to one account)"),
        ("main:secret-a,k2,main:secret-a", "entry 3 repeats the key of entry 1 (a key belongs to one account)"),
    ])
    func aMalformedListNamesTheEntryButNeverItsKey(value: String, problem: String) {
        #expect(throws: ConfigurationError(variable: "KIE_API_KEYS", problem: problem)) { try keys(value) }
        do {
            _ = try keys(value)
        } catch {
            #expect(!"\(error)".contains("secret-a"))
        }
    }

    @Test func anAccountNameOfThirtyTwoCharactersIsTaken() throws {
        let name = "Acc_" + String(repeating: "9", count: 27) + "-"
        #expect(try keys("\(name):k") == [KIEAPIKey(secret: "k", account: name)])
    }
}

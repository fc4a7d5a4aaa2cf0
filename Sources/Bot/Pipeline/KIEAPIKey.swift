/// One configured KIE API key and the account it belongs to. KIE's task budget (about 20 new tasks per 10 s) is
/// per account, so keys of one account share a budget and each account has its own.
public struct KIEAPIKey: Sendable, Equatable, CustomStringConvertible {
    public var secret: String
    /// The operator's name for the key's account (a short label of A-Z, a-z, 0-9, _ and -, checked by the
    /// configuration); nil when the key was given alone and is an account of its own.
    public var account: String?

    public init(secret: String, account: String? = nil) {
        self.secret = secret
        self.account = account
    }

    /// The key's id (a hash prefix) after its account's name, never the secret, whoever prints it.
    public var description: String {
        let id = KIEKeys.id(of: secret)
        return account.map { "\($0)/\(id)" } ?? id
    }
}

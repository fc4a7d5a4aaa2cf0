import Foundation
import Postgres
import Signing
import Timekeeping

/// KIE API keys in rotation, grouped by account, shared by every process through PostgreSQL. KIE's task budget is
/// per account, so each account has its own schedule (`KIECreateSchedule`): a submission takes the account with the
/// earliest free turn, then that account's least recently used key that is neither cooling down nor out of credit
/// (`KIEKeyStates`). Keys are known to the database only by an id derived from a hash, so no secret is ever stored
/// or logged; accounts by the operator's name for them, or by their one key's id.
struct KIEKeys: Sendable {
    struct Key: Sendable {
        let id: String
        let secret: String
        let account: String
    }

    let keys: [Key]
    /// Every account, in the order of its first key.
    let accounts: [String]

    init(_ configured: [KIEAPIKey]) {
        keys = configured.map { key in
            let id = Self.id(of: key.secret)
            return Key(id: id, secret: key.secret, account: key.account ?? id)
        }
        var accounts: [String] = []
        for key in keys where !accounts.contains(key.account) { accounts.append(key.account) }
        self.accounts = accounts
    }

    static func id(of secret: String) -> String {
        "k" + String(Signing.hex(Signing.sha256(Array(secret.utf8))).prefix(12))
    }

    func key(id: String?) -> Key? {
        keys.first { $0.id == id }
    }

    /// `/stats`' name for a key: its id, after its account's name when the operator gave one.
    func label(of key: Key) -> String {
        key.account == key.id ? key.id : "\(key.account)/\(key.id)"
    }

    func register(on db: PostgresConnection) throws {
        try KIEKeyStates.register(ids: keys.map(\.id), on: db)
        try KIECreateSchedule.register(accounts: accounts, on: db)
    }

    enum Choice {
        case key(Key)
        /// No turn yet (booked, and kept for the video), or every key is cooling down or out of credit; try again
        /// after this long.
        case wait(Duration, allOutOfCredit: Bool)
    }

    /// A key for the video's next task, within its account's budget (`allowance` tasks per 10 s), or how long to
    /// wait. A video that must wait books a turn on the account with the earliest one and keeps it: it sleeps once.
    func acquire(videoID: Int64, perTenSeconds allowance: Double, on db: PostgresConnection) throws -> Choice {
        try db.transaction { db in
            if let booked = try KIECreateSchedule.bookedTurn(videoID: videoID, on: db) {
                let known = booked.account.map(accounts.contains) ?? false
                if known, booked.seconds > 0 { return .wait(Self.duration(booked.seconds), allOutOfCredit: false) }
                try KIECreateSchedule.clearTurn(videoID: videoID, on: db)
                // The turn is due; should its account have no usable key now, the turn is lost and another booked.
                if known, let account = booked.account, let key = try take(of: account, on: db) { return .key(key) }
            }
            let usable = try KIEKeyStates.usable(ids: keys.map(\.id), on: db)
            let open = accounts.filter { account in keys.contains { $0.account == account && usable.contains($0.id) } }
            guard let turn = try KIECreateSchedule.book(accounts: open, perTenSeconds: allowance, on: db) else {
                return try waitForKeys(on: db)
            }
            guard turn.seconds <= 0 else {
                try KIECreateSchedule.keepTurn(videoID: videoID, account: turn.account, in: turn.seconds, on: db)
                return .wait(Self.duration(turn.seconds), allOutOfCredit: false)
            }
            // Another process cooled the account's last key since: the turn is spent, the next one comes soon.
            guard let key = try take(of: turn.account, on: db) else {
                return .wait(.milliseconds(200), allOutOfCredit: false)
            }
            return .key(key)
        }
    }

    /// The least recently used usable key of `account`.
    private func take(of account: String, on db: PostgresConnection) throws -> Key? {
        key(id: try KIEKeyStates.takeLeastRecentlyUsed(ids: keys.filter { $0.account == account }.map(\.id), on: db))
    }

    /// Every key is cooling down or out of rotation: wait until the first is back, at most a minute.
    private func waitForKeys(on db: PostgresConnection) throws -> Choice {
        let unavailable = try KIEKeyStates.unavailable(ids: keys.map(\.id), on: db)
        let seconds = max(0.2, unavailable.seconds ?? 1)
        return .wait(.milliseconds(Int(min(seconds, 60) * 1000)), allOutOfCredit: unavailable.allOutOfCredit)
    }

    private static func duration(_ seconds: Double) -> Duration {
        .milliseconds(Int(seconds * 1000) + 1)
    }
}

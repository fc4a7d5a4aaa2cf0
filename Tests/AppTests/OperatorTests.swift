@testable import Bot
import Domain
import Foundation
import Sandbox
import Telegram
import Testing
@testable import App

/// Operators' commands from an ADMIN_IDS chat through the Telegram stand-in and the real webhook, and the same
/// commands as `neurocards admin` processes beside the running service.
@Suite(.serialized) struct OperatorTests {
    static let admin = User(id: 77, firstName: "Olga", languageCode: "en")

    func harness(_ name: String) throws -> BotHarness {
        try BotHarness(database: name, extraEnvironment: ["ADMIN_IDS": "\(Self.admin.id),78"])
    }

    func checkInvariants(_ harness: BotHarness) throws {
        #expect(harness.settle())
        #expect(try harness.ledgerMismatches().isEmpty)
        #expect(harness.standIn.violations.isEmpty, "\(harness.standIn.violations)")
    }

    /// Sends `text` and returns the bot's next message in that chat.
    func reply(_ harness: BotHarness, _ user: User, to text: String) throws -> String {
        let before = harness.standIn.chat(user: user).filter { $0.sender == .bot }.count
        _ = harness.standIn.sendText(from: user, text: text)
        let bots = try harness.standIn.waitForMessages(chat: user.id, count: before + 1, from: .bot, timeout: .seconds(15))
            .filter { $0.sender == .bot }
        return bots[before].message.text ?? ""
    }

    func received(_ harness: BotHarness, _ user: User, _ text: String) -> Bool {
        harness.standIn.waitUntil(timeout: .seconds(15)) {
            harness.standIn.chat(user: user).contains { $0.sender == .bot && $0.message.text == text }
        }
    }

    func copies(_ harness: BotHarness, _ user: User, of text: String) -> Int {
        harness.standIn.chat(user: user).filter { $0.sender == .bot && $0.message.text == text }.count
    }

    func balance(_ harness: BotHarness, _ user: User) throws -> Int {
        try harness.query("SELECT balance FROM users WHERE id = $1", [user.id], as: Int.self)
    }

    func seller(_ harness: BotHarness) throws -> User {
        let seller = harness.newUser()
        _ = try reply(harness, seller, to: "/start")
        return seller
    }

    @Test func aGrantReachesTheSellerOnceEvenWhenTheUpdateIsRepeated() throws {
        let harness = try harness("operators_grant")
        let texts = Texts.english.operators
        _ = try reply(harness, Self.admin, to: "/start")
        let seller = try seller(harness)

        #expect(try reply(harness, Self.admin, to: "/grant \(seller.id) 50 sorry for the wait")
            == texts.granted(seller.id, 50, "sorry for the wait", 80))
        #expect(received(harness, seller, texts.sellerGranted(50, "sorry for the wait", 80)))
        #expect(try harness.query("""
            SELECT operator_id::text || ' ' || note FROM ledger WHERE reason = 'grant' AND user_id = $1
            """, [seller.id], as: String.self) == "\(Self.admin.id) sorry for the wait")

        let update = """
            {"update_id": 700001, "message": {"message_id": 9001, "date": 1,
             "chat": {"id": \(Self.admin.id), "type": "private"},
             "from": {"id": \(Self.admin.id), "is_bot": false, "first_name": "Olga", "language_code": "en"},
             "text": "/grant \(seller.id) 25 replayed"}}
            """
        #expect(try harness.postUpdate(update).status == 200)
        #expect(try harness.postUpdate(update).status == 200)
        #expect(received(harness, seller, texts.sellerGranted(25, "replayed", 105)))
        #expect(harness.settle())
        #expect(try balance(harness, seller) == 105, "the repeated update granted once")
        #expect(try harness.query("SELECT count(*)::int FROM ledger WHERE reference = 'grant:update:700001'", as: Int.self) == 1)
        #expect(copies(harness, seller, of: texts.sellerGranted(25, "replayed", 105)) == 1)
        #expect(copies(harness, Self.admin, of: texts.granted(seller.id, 25, "replayed", 105)) == 1)

        #expect(try reply(harness, Self.admin, to: "/grant \(seller.id) -200 typo")
            == texts.takeBackExceedsBalance(seller.id, 200, 105))
        #expect(try reply(harness, Self.admin, to: "/grant \(seller.id) -5 typo") == texts.takenBack(seller.id, 5, "typo", 100))
        #expect(received(harness, seller, texts.sellerTakenBack(5, "typo", 100)))
        #expect(try reply(harness, Self.admin, to: "/grant 999999 5 nobody") == texts.unknownUser(999_999))
        #expect(try reply(harness, Self.admin, to: "/grant \(seller.id) 0 zero") == texts.usage(.grant))
        #expect(try reply(harness, Self.admin, to: "/grant \(seller.id) lots") == texts.usage(.grant))
        #expect(try balance(harness, seller) == 100)
        try checkInvariants(harness)
    }

    @Test func forAnyoneElseOperatorCommandsAreWhatTheDialogueMakesOfThem() throws {
        let harness = try harness("operators_refused")
        let seller = try seller(harness)
        let unknownCommand = try reply(harness, seller, to: "/nosuchcommand")
        for text in ["/stats", "/grant \(seller.id) 50 free credits", "/user \(seller.id)", "/refund some-charge", "/grant"] {
            #expect(try reply(harness, seller, to: text) == unknownCommand, "\(text)")
        }
        #expect(try harness.query("SELECT count(*)::int FROM ledger WHERE reason = 'grant'", as: Int.self) == 0)
        #expect(try harness.query("SELECT count(*)::int FROM jobs WHERE kind = $1", [StatsDelivery.kind], as: Int.self) == 0)
        #expect(try balance(harness, seller) == 30)
        try checkInvariants(harness)
    }

    /// An order made `daysAgo` whose videos already ended as given; each one not delivered is refunded.
    @discardableResult
    func pastOrder(_ harness: BotHarness, _ user: User, status: String, videos: [(state: String, failure: String?)],
                   daysAgo: Int = 0) throws -> Int64 {
        try harness.service.database.transaction { db in
            let id = try #require(try db.query("""
                INSERT INTO orders (user_id, chat_id, status, video_count, format, unit_price, photo_file_id,
                                    photo_unique_id, language, draft_key, model, created_at)
                VALUES ($1, $1, $2, $3, '9:16', 10, 'f', 'u', 'en', $4, 'm', now() - make_interval(days => $5::int))
                RETURNING id
                """, [user.id, status, videos.count, "test:\(UUID())", daysAgo]).first?.decode("id", as: Int64.self))
            for (position, video) in videos.enumerated() {
                try db.execute("""
                    INSERT INTO videos (order_id, position, model, state, failure_class, created_at)
                    VALUES ($1, $2, 'm', $3, $4, now() - make_interval(days => $5::int))
                    """, [id, position + 1, video.state, video.failure, daysAgo])
                if video.state != "delivered" {
                    try Ledger.post(userID: user.id, delta: 10, reason: .refund, reference: "test:\(id):\(position)",
                                    orderID: id, on: db)
                }
            }
            try db.execute("UPDATE ledger SET created_at = now() - make_interval(days => $2::int) WHERE order_id = $1",
                           [id, daysAgo])
            return id
        }
    }

    /// Rows for every figure, some inside the last 24 hours and some older, then `/stats` from the chat (in Russian:
    /// this operator never started the bot) and from the shell.
    @Test func statsCountWhatTheTestMadeInTheChatAndTheShell() throws {
        let harness = try harness("operators_stats")
        let buyer = try seller(harness)
        let earlierBuyer = try seller(harness)
        let longAgo = try seller(harness)
        try PaymentTests().buy(harness, buyer)
        let earlierCharge = try PaymentTests().buy(harness, earlierBuyer)
        try harness.service.database.transaction { db in
            try db.execute("UPDATE users SET created_at = now() - interval '2 days' WHERE id = $1", [longAgo.id])
            try db.execute("UPDATE payments SET created_at = now() - interval '2 days' WHERE charge_id = $1",
                           [earlierCharge])
        }
        try pastOrder(harness, buyer, status: "finished",
                      videos: [("delivered", nil), ("failed", "temporary"), ("failed", "user_error")])
        try pastOrder(harness, buyer, status: "cancelled", videos: [("cancelled", nil)])
        try pastOrder(harness, earlierBuyer, status: "finished", videos: [("failed", "billing")], daysAgo: 2)
        let keys = BotHarness.kieKeys
        harness.kie.setCredits(1234.5, apiKey: keys[0])
        harness.kie.setCredits(80, apiKey: keys[1])
        let expected = StatsReport(
            users: 3, newUsers: 2, orders: [.init("cancelled", 1), .init("finished", 1)],
            videos: [.init("failed", 2), .init("cancelled", 1), .init("delivered", 1)],
            failures: [.init("temporary", 1), .init("user_error", 1)], refunds: 3, refundedCredits: 30,
            stars: 50, starsTotal: 100,
            kie: [.credits(keyID: KIEKeys.id(of: keys[0]), 1234.5), .credits(keyID: KIEKeys.id(of: keys[1]), 80)])

        #expect(try reply(harness, Self.admin, to: "/stats") == Texts.russian.operators.stats(expected))
        #expect(try AdminCommandLine(harness).run("stats", "--language", "ru")
            == .init(status: 0, output: Texts.russian.operators.stats(expected) + "\n"))
        #expect(try AdminCommandLine(harness).run("stats").output == Texts.english.operators.stats(expected) + "\n")
        #expect(try reply(harness, Self.admin, to: "/stats please") == Texts.russian.operators.usage(.stats))
        try checkInvariants(harness)
    }

    @Test func userShowsTheSellerInTheChatAndTheShell() throws {
        let harness = try harness("operators_user")
        let texts = Texts.english.operators
        _ = try reply(harness, Self.admin, to: "/start")
        let seller = harness.newUser(name: "Boris")
        _ = try reply(harness, seller, to: "/start spring-campaign")
        let charge = try PaymentTests().buy(harness, seller)
        let order = try pastOrder(harness, seller, status: "finished",
                                  videos: [("delivered", nil), ("delivered", nil), ("failed", "temporary")])

        let report = try reply(harness, Self.admin, to: "/user \(seller.id)")
        let lines = report.split(separator: "\n").map(String.init)
        #expect(lines.first == "👤 User \(seller.id) · Boris")
        #expect(lines.contains("Language en · balance 140 💎 · not blocked"))
        #expect(lines.contains { $0.hasPrefix("Signed up 20") && $0.hasSuffix(" UTC · start payload: spring-campaign") })
        #expect(lines.contains { $0.hasPrefix("#\(order) 20") && $0.hasSuffix(" · 3 videos · finished: 2 delivered, 1 refunded, 0 in progress") })
        #expect(lines.contains { $0.hasPrefix("\(charge) · 20") && $0.hasSuffix(" · 100 💎 for 50 ⭐ · not refunded") })
        #expect(try AdminCommandLine(harness).run("user", "\(seller.id)") == .init(status: 0, output: report + "\n"))

        #expect(try reply(harness, Self.admin, to: "/user 999999") == texts.unknownUser(999_999))
        #expect(try AdminCommandLine(harness).run("user", "999999")
            == .init(status: 1, output: texts.unknownUser(999_999) + "\n"))
        #expect(try reply(harness, Self.admin, to: "/user Boris") == texts.usage(.user))
        try checkInvariants(harness)
    }

    @Test func refundFromTheChatAndTheShellGoesThroughPurchaseRefunds() throws {
        let harness = try harness("operators_refund")
        _ = try reply(harness, Self.admin, to: "/start")
        let seller = try seller(harness)
        let charge = try PaymentTests().buy(harness, seller)
        #expect(try reply(harness, Self.admin, to: "/refund \(charge)") == Texts.english.refundQueued(charge))
        #expect(received(harness, Self.admin, Texts.english.refundDone(charge, 100)))
        #expect(received(harness, seller, Texts.english.purchaseRefunded(100, 30)))
        #expect(try reply(harness, Self.admin, to: "/refund \(charge)") == Texts.english.refundAlreadyDone(charge))
        #expect(try reply(harness, Self.admin, to: "/refund no-such-charge") == Texts.english.refundUnknownCharge("no-such-charge"))
        #expect(try reply(harness, Self.admin, to: "/refund") == Texts.english.operators.usage(.refund))

        let shellCharge = try PaymentTests().buy(harness, seller)
        #expect(try AdminCommandLine(harness).run("refund", shellCharge)
            == .init(status: 0, output: Texts.english.refundQueued(shellCharge) + "\n"))
        #expect(received(harness, Self.admin, Texts.english.refundDone(shellCharge, 100)), "the first of ADMIN_IDS is told")
        #expect(harness.standIn.starPayments.filter(\.refunded).count == 2)
        #expect(try AdminCommandLine(harness).run("refund", shellCharge)
            == .init(status: 1, output: Texts.english.refundAlreadyDone(shellCharge) + "\n"))
        #expect(try balance(harness, seller) == 30)
        try checkInvariants(harness)
    }

    @Test func aGrantFromTheShellNamesItsOperatorAndTellsTheSeller() throws {
        let harness = try harness("operators_shell_grant")
        let texts = Texts.english.operators
        let seller = try seller(harness)
        let shell = AdminCommandLine(harness)
        #expect(try shell.run("grant", "\(seller.id)", "5", "shell", "test")
            == .init(status: 0, output: texts.granted(seller.id, 5, "shell test", 35) + "\n"))
        #expect(received(harness, seller, texts.sellerGranted(5, "shell test", 35)))
        #expect(try shell.run("grant", "--operator", "78", "\(seller.id)", "--", "-10", "typo")
            == .init(status: 0, output: texts.takenBack(seller.id, 10, "typo", 25) + "\n"))
        #expect(try harness.query("""
            SELECT string_agg(operator_id::text || ':' || delta || ':' || note, ',' ORDER BY id) FROM ledger
            WHERE reason = 'grant'
            """, as: String.self) == "\(Self.admin.id):5:shell test,78:-10:typo")
        #expect(try shell.run("grant", "\(seller.id)", "--", "-500", "too", "much")
            == .init(status: 1, output: texts.takeBackExceedsBalance(seller.id, 500, 25) + "\n"))
        #expect(try shell.run("grant", "\(seller.id)", "0", "nothing").status != 0)
        #expect(try balance(harness, seller) == 25)
        try checkInvariants(harness)
    }
}

/// `neurocards admin …` as an operator runs it on the server: its own process, the service's database and KIE.
struct AdminCommandLine {
    struct Result: Equatable {
        var status: Int32
        var output: String
    }

    let environment: [String: String]

    init(_ harness: BotHarness) {
        environment = [
            "DATABASE_URL": harness.databaseURL,
            "KIE_API_KEYS": BotHarness.kieKeys.joined(separator: ","),
            "KIE_BASE_URL": harness.kie.baseURL,
            "ADMIN_IDS": "\(OperatorTests.admin.id),78",
        ]
    }

    /// Built next to the test bundle (AppTests depends on it).
    static var executable: URL {
        let bundleDirectory = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                                  ?? CommandLine.arguments[0]).deletingLastPathComponent()
        return bundleDirectory.appendingPathComponent("neurocards")
    }

    /// Runs `neurocards admin <subcommand> <arguments>` configured by its environment alone; standard output and the
    /// exit status.
    func run(_ subcommand: String, _ arguments: String...) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["admin", subcommand, "--env-file", "/nonexistent/neurocards.env"] + arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: bytes, as: UTF8.self))
    }
}
